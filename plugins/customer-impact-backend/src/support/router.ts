import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SUPPORT_CONSUMERS_DEFAULT_LIMIT,
  SUPPORT_CONSUMERS_MAX_LIMIT,
  customerImpactSupportEventsCreatePermission,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  authorizeBasic,
  entityRefFromParams,
  readEntityForCaller,
} from '../service/access';
import {
  KnownEntityRefs,
  unknownEntityRefsCheck,
} from '../service/unknownEntities';
import {
  GroupOwnershipSource,
  ownedEntityRefsForCaller,
  prefetchedOwnership,
} from './ownership';
import { SupportService, decodeConsumerCursor } from './SupportService';

/**
 * Body limit of `POST /v1/support-events`: a full batch of 1,000 events with
 * every optional field at its longest stays well under it.
 */
export const SUPPORT_EVENTS_BODY_LIMIT = '10mb';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

function limitOf(
  raw: unknown,
  defaultLimit: number = DEFAULT_LIMIT,
  maxLimit: number = MAX_LIMIT,
): number {
  if (raw === undefined) {
    return defaultLimit;
  }
  const text = String(raw);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > maxLimit) {
    throw new InputError(
      `limit: must be a whole number from 1 to ${maxLimit}, got ${JSON.stringify(
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
 * - `GET /v1/groups/{namespace}/{name}/consumers?limit=&cursor=`: one page
 *   of the consuming teams ranked.
 */
export function createSupportRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** Looks up the entities of a push with the plugin's own credentials for services. */
  auth: AuthService;
  /** Presence answers the pushes of services share (see `KnownEntityRefs`). */
  knownEntities?: KnownEntityRefs;
  support: SupportService;
  /**
   * The group rollups' precomputed ownership; without it (or before their
   * first whole pass) the ranking walks the group tree in the catalog.
   */
  ownership?: GroupOwnershipSource;
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
    const limit = limitOf(
      req.query.limit,
      SUPPORT_CONSUMERS_DEFAULT_LIMIT,
      SUPPORT_CONSUMERS_MAX_LIMIT,
    );
    const after =
      req.query.cursor === undefined
        ? undefined
        : decodeConsumerCursor(String(req.query.cursor));
    // The group's precomputed ownership is read while the group itself is,
    // and used only once the caller may read the group.
    const ownershipSource =
      options.ownership &&
      prefetchedOwnership(options.ownership, stringifyEntityRef(ref));
    const group = await readEntityForCaller(options, ref, credentials);
    // The entities of the group's whole tree (its sub-groups', any depth),
    // only those the caller may read.
    const { entityRefs, ownership } = await ownedEntityRefsForCaller(
      { ...options, ownership: ownershipSource },
      group,
      credentials,
    );
    res.json(
      await support.getGroupConsumers(group, entityRefs, {
        limit,
        after,
        ownership,
      }),
    );
  });

  return router;
}
