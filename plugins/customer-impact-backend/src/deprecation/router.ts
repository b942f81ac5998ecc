import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { customerImpactDeprecationBurndownCreatePermission } from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import { authorizeBasic } from '../service/access';
import { unknownEntityRefsCheck } from '../service/unknownEntities';
import { DeprecationService } from './DeprecationService';

/** Body limit of `POST /v1/deprecation-burndown`: 1,000 points stay far under it. */
export const DEPRECATION_BURNDOWN_BODY_LIMIT = '1mb';

/**
 * The deprecation routes, mounted under the plugin's router:
 * - `POST /v1/deprecation-burndown`: imports the burndown history of past
 *   days (permission `customer-impact.deprecation-burndown.create`).
 */
export function createDeprecationRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  service: DeprecationService;
}): express.Router {
  const { httpAuth, permissions, service } = options;
  const router = Router();
  router.post(
    '/v1/deprecation-burndown',
    express.json({ limit: DEPRECATION_BURNDOWN_BODY_LIMIT }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      await authorizeBasic(
        permissions,
        customerImpactDeprecationBurndownCreatePermission,
        credentials,
        'import deprecation burndown history',
      );
      res.json(
        await service.importBurndown(
          req.body,
          unknownEntityRefsCheck(options, credentials),
        ),
      );
    },
  );
  return router;
}
