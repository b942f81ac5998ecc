import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_OPENSLO,
  ANNOTATION_RELEASE_GATE,
  EntitySloDetail,
  ReleaseGateResponse,
  customerImpactReleaseGateReadPermission,
  evaluateReleaseGate,
  parseReleaseGatePolicy,
  SloSamplesResponse,
  customerImpactEntityRefreshPermission,
  customerImpactSloSamplesCreatePermission,
  parseOrThrowInputError,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  authorizeBasic,
  authorizeEntity,
  entityRefFromParams,
  readEntityForCaller,
} from '../service/access';
import {
  KnownEntityRefs,
  unknownEntityRefsCheck,
} from '../service/unknownEntities';
import { SloCollector } from './SloCollector';
import { SloService } from './SloService';
import { SloBlastRadius } from './SloBlastRadius';

export interface SloRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** Looks up the entities of a push with the plugin's own credentials for services. */
  auth: AuthService;
  /** Presence answers the pushes of services share (see `KnownEntityRefs`). */
  knownEntities?: KnownEntityRefs;
  slos: SloService;
  /** Pulls the entity's SLOs on refresh, when sources are installed. */
  collector?: SloCollector;
  /** Fills in the blast radius of the facet the refresh returns. */
  blastRadius?: Pick<SloBlastRadius, 'withBlastRadius'>;
}

/**
 * Body limit of `POST /v1/slo-samples`: a full batch (50,000 samples) with
 * every field at its longest stays under it (about 27 MB).
 */
export const SLO_SAMPLES_BODY_LIMIT = '32mb';

const detailQuery = z
  .object({
    points: z.coerce.number().int().min(2).max(1000).optional(),
  })
  .passthrough();

/**
 * The SLO routes, mounted under the plugin's router:
 * - `POST /v1/slo-samples` pushes SLI counts (permission `customer-impact.slo-samples.create`);
 * - `GET /v1/entities/{kind}/{namespace}/{name}/slos/{slo}` one SLO with its budget burndown;
 * - `POST /v1/entities/{kind}/{namespace}/{name}/slos/refresh` reads the definitions again;
 * - `GET /v1/entities/{kind}/{namespace}/{name}/release-gate` whether the SLOs allow a release
 *   (permission `customer-impact.release-gate.read`).
 */
export function createSloRouter(options: SloRouterOptions): express.Router {
  const { httpAuth, permissions, slos, collector } = options;
  const router = Router();

  router.post(
    '/v1/slo-samples',
    express.json({ limit: SLO_SAMPLES_BODY_LIMIT }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      await authorizeBasic(
        permissions,
        customerImpactSloSamplesCreatePermission,
        credentials,
        'push SLO samples',
      );
      const result: SloSamplesResponse = await slos.pushSamples(
        req.body,
        unknownEntityRefsCheck(options, credentials),
      );
      res.json(result);
    },
  );

  router.post(
    '/v1/entities/:kind/:namespace/:name/slos/refresh',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entity = await readEntityForCaller(
        options,
        entityRefFromParams(req.params),
        credentials,
      );
      const entityRef = stringifyEntityRef(entity);
      await authorizeEntity(
        permissions,
        customerImpactEntityRefreshPermission,
        entityRef,
        credentials,
        `refresh the SLOs of ${entityRef}`,
      );
      if (entity.metadata.annotations?.[ANNOTATION_OPENSLO]) {
        const stored = await slos.refreshEntity(entity);
        await collector?.collectEntity(stored);
      }
      const facet = slos.getFacet(entity);
      res.json(
        options.blastRadius
          ? await options.blastRadius.withBlastRadius(
              facet,
              entity,
              credentials,
            )
          : await facet,
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/release-gate',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const ref = entityRefFromParams(req.params);
      const entityRef = stringifyEntityRef(ref);
      await authorizeEntity(
        permissions,
        customerImpactReleaseGateReadPermission,
        entityRef,
        credentials,
        `read the release gate of ${entityRef}`,
      );
      // A person's read goes through the catalog's rules with their
      // credentials; a CI token's access restrictions cannot be delegated to
      // the catalog, so a service's read is the plugin's own (the token was
      // allowed this very permission above).
      const entity = await options.catalog.getEntityByRef(ref, {
        credentials: options.auth.isPrincipal(credentials, 'user')
          ? credentials
          : await options.auth.getOwnServiceCredentials(),
      });
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      const gate: ReleaseGateResponse = evaluateReleaseGate({
        entityRef: stringifyEntityRef(entity),
        facet: await slos.getFacet(entity),
        policy: parseReleaseGatePolicy(
          entity.metadata.annotations?.[ANNOTATION_RELEASE_GATE],
        ),
      });
      res.json(gate);
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/slos/:slo',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const query = parseOrThrowInputError(detailQuery, req.query, {
        rootName: 'query',
      });
      const entity = await readEntityForCaller(
        options,
        entityRefFromParams(req.params),
        credentials,
      );
      const detail: EntitySloDetail = await slos.getSloDetail(
        entity,
        req.params.slo,
        query.points ?? 120,
      );
      res.json(detail);
    },
  );

  return router;
}
