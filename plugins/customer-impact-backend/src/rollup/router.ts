import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ROLLUP_DEFAULT_LIMIT,
  ROLLUP_MAX_LIMIT,
  customerImpactRollupRefreshPermission,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  authorizeEntity,
  entityRefFromParams,
  readEntityForCaller,
} from '../service/access';
import { RollupBuilder } from './RollupBuilder';
import { RollupService, decodeCursor } from './RollupService';

function limitOf(raw: unknown): number {
  if (raw === undefined) {
    return ROLLUP_DEFAULT_LIMIT;
  }
  const text = String(raw);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > ROLLUP_MAX_LIMIT) {
    throw new InputError(
      `limit: must be a whole number from 1 to ${ROLLUP_MAX_LIMIT}, got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return n;
}

/**
 * The group rollup routes:
 * - `GET /v1/groups/{namespace}/{name}/rollup?limit=&cursor=`: the group's
 *   whole tree, read from the precomputed tables, restricted to what the
 *   caller may see in the catalog;
 * - `POST /v1/groups/{namespace}/{name}/rollup/refresh`: recompute the tree
 *   now (permission `customer-impact.rollup.refresh`), answering the first page.
 */
export function createRollupRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  rollups: RollupService;
  builder: RollupBuilder;
}): express.Router {
  const { httpAuth, permissions, rollups, builder } = options;
  const router = Router();

  router.get('/v1/groups/:namespace/:name/rollup', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = entityRefFromParams({ kind: 'group', ...req.params });
    const limit = limitOf(req.query.limit);
    const cursor =
      req.query.cursor === undefined
        ? undefined
        : decodeCursor(String(req.query.cursor));
    const group = await readEntityForCaller(options, ref, credentials);
    res.json(
      await rollups.getRollup(
        stringifyEntityRef(group).toLocaleLowerCase('en-US'),
        { credentials, limit, cursor },
      ),
    );
  });

  router.post(
    '/v1/groups/:namespace/:name/rollup/refresh',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const ref = entityRefFromParams({ kind: 'group', ...req.params });
      const group = await readEntityForCaller(options, ref, credentials);
      const groupRef = stringifyEntityRef(group).toLocaleLowerCase('en-US');
      // A resource permission on the group: a policy can keep it to its members.
      await authorizeEntity(
        permissions,
        customerImpactRollupRefreshPermission,
        groupRef,
        credentials,
        'refresh rollups',
      );
      await builder.refreshTree(groupRef);
      res.json(
        await rollups.getRollup(groupRef, {
          credentials,
          limit: ROLLUP_DEFAULT_LIMIT,
        }),
      );
    },
  );

  return router;
}
