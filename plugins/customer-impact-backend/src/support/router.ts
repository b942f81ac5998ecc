import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { customerImpactSupportEventsCreatePermission } from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  authorizeBasic,
  entityRefFromParams,
  readEntityForCaller,
  readableEntities,
} from '../service/access';
import { unknownEntityRefsCheck } from '../service/unknownEntities';
import { SupportService } from './SupportService';

/**
 * Body limit of `POST /v1/support-events`: a full batch of 1,000 events with
 * every optional field at its longest stays well under it.
 */
export const SUPPORT_EVENTS_BODY_LIMIT = '10mb';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

function limitOf(raw: unknown): number {
  if (raw === undefined) {
    return DEFAULT_LIMIT;
  }
  const text = String(raw);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_LIMIT) {
    throw new InputError(
      `limit: must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return n;
}

/**
 * The support-load routes, mounted under the plugin's router:
 * - `POST /v1/support-events`: push a batch (permission `customer-impact.support-events.create`);
 * - `GET /v1/entities/{kind}/{namespace}/{name}/support-events?limit=`: recent events;
 * - `GET /v1/groups/{namespace}/{name}/consumers`: the consuming teams ranked.
 */
export function createSupportRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** Looks up the entities of a push with the plugin's own credentials for services. */
  auth: AuthService;
  support: SupportService;
}): express.Router {
  const { httpAuth, permissions, support } = options;
  const router = Router();

  router.post(
    '/v1/support-events',
    express.json({ limit: SUPPORT_EVENTS_BODY_LIMIT }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      await authorizeBasic(
        permissions,
        customerImpactSupportEventsCreatePermission,
        credentials,
        'push support events',
      );
      res.json(
        await support.push(
          req.body,
          unknownEntityRefsCheck(options, credentials),
        ),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/support-events',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const ref = entityRefFromParams(req.params);
      const limit = limitOf(req.query.limit);
      const entity = await readEntityForCaller(options, ref, credentials);
      res.json(await support.getRecentEvents(entity, limit));
    },
  );

  router.get('/v1/groups/:namespace/:name/consumers', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = entityRefFromParams({ kind: 'group', ...req.params });
    const group = await readEntityForCaller(options, ref, credentials);
    // The entities of the group's whole tree (its sub-groups', any depth),
    // only those the caller may read, read with their credentials.
    const owned = await readableEntities(
      options,
      await SupportService.ownedEntityRefsOfTree(
        group,
        options.catalog,
        credentials,
      ),
      credentials,
      { fields: ['kind', 'metadata.namespace', 'metadata.name'] },
    );
    res.json(await support.getGroupConsumers(group, owned));
  });

  return router;
}
