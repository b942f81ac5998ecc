import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  customerImpactJourneyEventsCreatePermission,
  customerImpactJourneyFeedbackCreatePermission,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
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
import { JourneyService } from './JourneyService';

/**
 * Body limit of the journey pushes: a full batch (5,000 events or answers)
 * with every field at its longest stays under it (about 19 MB).
 */
export const JOURNEY_PUSH_BODY_LIMIT = '24mb';
/** Body limit of one person's step feedback. */
export const STEP_FEEDBACK_BODY_LIMIT = '64kb';

/**
 * Routes of the journeys facet, mounted under `/api/customer-impact`:
 * pushes of events and feedback, the signed-in person's step feedback, and the
 * figures of a journey. No route returns a person's events, comments or hash.
 */
export function createJourneyRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** Looks up the entities of a push with the plugin's own credentials for services. */
  auth: AuthService;
  /** Presence answers the pushes of services share (see `KnownEntityRefs`). */
  knownEntities?: KnownEntityRefs;
  journeys: JourneyService;
}): express.Router {
  const { httpAuth, permissions, journeys } = options;
  const router = Router();
  const pushBody = express.json({ limit: JOURNEY_PUSH_BODY_LIMIT });

  router.post('/v1/journey-events', pushBody, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeBasic(
      permissions,
      customerImpactJourneyEventsCreatePermission,
      credentials,
      'push journey events',
    );
    res.json(
      await journeys.pushEvents(
        req.body,
        unknownEntityRefsCheck(options, credentials),
      ),
    );
  });

  router.post('/v1/journey-feedback', pushBody, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeBasic(
      permissions,
      customerImpactJourneyEventsCreatePermission,
      credentials,
      'push journey feedback',
    );
    res.json(
      await journeys.pushFeedback(
        req.body,
        unknownEntityRefsCheck(options, credentials),
      ),
    );
  });

  router.get('/v1/journeys/:namespace/:name/figures', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = entityRefFromParams({ kind: 'journey', ...req.params });
    const journey = await readEntityForCaller(options, ref, credentials);
    res.json(await journeys.getFigures(journey));
  });

  router.post(
    '/v1/journeys/:namespace/:name/steps/:stepId/feedback',
    express.json({ limit: STEP_FEEDBACK_BODY_LIMIT }),
    async (req, res) => {
      // The answer is the signed-in person's own: a user, never a service.
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const { namespace, name, stepId } = req.params;
      const ref = entityRefFromParams({ kind: 'journey', namespace, name });
      const journey = await readEntityForCaller(options, ref, credentials);
      await authorizeEntity(
        permissions,
        customerImpactJourneyFeedbackCreatePermission,
        stringifyEntityRef(ref),
        credentials,
        `give feedback on the steps of ${stringifyEntityRef(ref)}`,
      );
      const answer = await journeys.recordStepFeedback(
        journey,
        stepId,
        credentials.principal.userEntityRef,
        req.body,
      );
      res.status(201).json(answer);
    },
  );

  return router;
}
