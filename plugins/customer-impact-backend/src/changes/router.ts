import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_RELIEF_WEEKS,
  MAX_RELIEF_WEEKS,
  customerImpactChangeCreatePermission,
  customerImpactChangeDeletePermission,
  normaliseEntityRef,
} from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  authorizeBasic,
  authorizeEntities,
  readEntityForCaller,
} from '../service/access';
import { ChangeService } from './ChangeService';

/**
 * Body limit of `POST /v1/changes`: 100 changes of 50 refs each, every field
 * at its longest, stay under it.
 */
export const CHANGES_BODY_LIMIT = '1mb';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** The same rule as the push schema's `id`. */
const CHANGE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

function wholeNumber(
  name: string,
  raw: unknown,
  min: number,
  max: number,
  fallback: number,
): number {
  if (raw === undefined) {
    return fallback;
  }
  const text = String(raw);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new InputError(
      `${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return n;
}

function changeIdOf(raw: string): string {
  if (!CHANGE_ID.test(raw)) {
    throw new InputError(
      `id: must be 1 to 200 letters, digits, ".", "_", ":" or "-", starting with a letter or digit, got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return raw;
}

function entityRefsOf(raw: unknown): string[] | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length > 20) {
    throw new InputError('entityRef: must be given at most 20 times');
  }
  return values.map(value => {
    const ref = typeof value === 'string' ? normaliseEntityRef(value) : null;
    if (ref === null) {
      throw new InputError(
        `entityRef: must be an entity ref such as "component:default/payments", got ${JSON.stringify(
          value,
        )}`,
      );
    }
    return ref;
  });
}

/**
 * The routes of recorded changes, mounted under the plugin's router:
 * - `POST /v1/changes`: record a batch (permission `customer-impact.change.create`);
 * - `GET /v1/changes?entityRef=&limit=&cursor=`: newest first, paged;
 * - `DELETE /v1/changes/{id}` (permission `customer-impact.change.delete`);
 * - `GET /v1/changes/{id}/relief?weeks=`: the relief per team and entity.
 *
 * Reading checks `customer-impact.entity.read` on each entity and reads the
 * catalog with the caller's credentials: what the caller cannot see is left out.
 */
export function createChangesRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  changes: ChangeService;
}): express.Router {
  const { httpAuth, permissions, changes } = options;
  const router = Router();

  router.post(
    '/v1/changes',
    express.json({ limit: CHANGES_BODY_LIMIT }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      // A resource permission on every entity a change concerns (a policy
      // can keep it to the entities' owners), asked once per distinct entity
      // after the body is known to be valid.
      res.json(
        await changes.push(req.body, credentials, entityRefs =>
          authorizeEntities(
            permissions,
            customerImpactChangeCreatePermission,
            entityRefs,
            credentials,
            'record changes of',
          ),
        ),
      );
    },
  );

  router.get('/v1/changes', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRefs = entityRefsOf(req.query.entityRef);
    const limit = wholeNumber(
      'limit',
      req.query.limit,
      1,
      MAX_LIMIT,
      DEFAULT_LIMIT,
    );
    const cursor = req.query.cursor;
    if (cursor !== undefined && typeof cursor !== 'string') {
      throw new InputError('cursor: must be given once');
    }
    // Filtering by an entity the caller may not read is refused (403 / 404).
    for (const ref of entityRefs ?? []) {
      await readEntityForCaller(options, parseEntityRef(ref), credentials);
    }
    res.json(await changes.list({ entityRefs, limit, cursor }, credentials));
  });

  router.delete('/v1/changes/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = changeIdOf(req.params.id);
    await authorizeBasic(
      permissions,
      customerImpactChangeDeletePermission,
      credentials,
      'delete changes',
    );
    await changes.delete(id);
    res.status(204).end();
  });

  router.get('/v1/changes/:id/relief', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const id = changeIdOf(req.params.id);
    const weeks = wholeNumber(
      'weeks',
      req.query.weeks,
      1,
      MAX_RELIEF_WEEKS,
      DEFAULT_RELIEF_WEEKS,
    );
    res.json(await changes.reliefOf(id, weeks, credentials));
  });

  return router;
}
