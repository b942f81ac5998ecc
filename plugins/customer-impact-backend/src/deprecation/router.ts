import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  customerImpactDeprecationBurndownCreatePermission,
  customerImpactDeprecationExemptionCreatePermission,
} from '@customer-impact/plugin-customer-impact-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
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
import { DeprecationService } from './DeprecationService';

/** Body limit of `POST /v1/deprecation-burndown`: 1,000 points stay far under it. */
export const DEPRECATION_BURNDOWN_BODY_LIMIT = '1mb';

/** Body limit of an exemption: one reason of at most 2,000 characters. */
export const DEPRECATION_EXEMPTION_BODY_LIMIT = '64kb';

/**
 * The deprecation routes, mounted under the plugin's router:
 * - `POST /v1/deprecation-burndown`: imports the burndown history of past
 *   days (permission `customer-impact.deprecation-burndown.create`).
 * - `POST /v1/entities/{kind}/{namespace}/{name}/deprecation-exemptions`:
 *   records an exemption of one dependent (`customer-impact.entity.read` on
 *   the deprecated entity, `customer-impact.deprecation-exemption.create` on
 *   the dependent); 201 with the new record.
 * - `GET` of the same path: every exemption recorded, newest first.
 */
export function createDeprecationRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  /** Presence answers the pushes of services share (see `KnownEntityRefs`). */
  knownEntities?: KnownEntityRefs;
  service: DeprecationService;
}): express.Router {
  const { httpAuth, permissions, catalog, service } = options;
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

  const exemptionsPath =
    '/v1/entities/:kind/:namespace/:name/deprecation-exemptions';
  router.post(
    exemptionsPath,
    express.json({ limit: DEPRECATION_EXEMPTION_BODY_LIMIT }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entity = await readEntityForCaller(
        { permissions, catalog },
        entityRefFromParams(req.params),
        credentials,
      );
      const exemption = service.parseExemption(entity, req.body);
      // Authorized against the dependent, so that a policy can let only its
      // owners exempt it (the catalog's isEntityOwner rule).
      const [decision] = await permissions.authorize(
        [
          {
            permission: customerImpactDeprecationExemptionCreatePermission,
            resourceRef: exemption.dependentRef,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to exempt ${
            exemption.dependentRef
          } from the deprecation of ${stringifyEntityRef(entity)}`,
        );
      }
      const recordedBy =
        credentials.principal.type === 'user'
          ? credentials.principal.userEntityRef
          : credentials.principal.subject;
      res
        .status(201)
        .json(await service.addExemption(exemption, recordedBy, credentials));
    },
  );
  router.get(exemptionsPath, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await readEntityForCaller(
      { permissions, catalog },
      entityRefFromParams(req.params),
      credentials,
    );
    res.json({
      entityRef: stringifyEntityRef(entity),
      exemptions: await service.listExemptions(entity),
    });
  });
  return router;
}
