import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ChangeList,
  ChangePushResult,
  ChangeRelief,
  customerImpactEntityReadPermission,
  parseChangeBatch,
} from '@customer-impact/plugin-customer-impact-common';
import { ChangePosition, ChangeStore } from './ChangeStore';
import { ReliefService } from './ReliefService';

/** Who recorded a change: the user's entity ref or the service's subject. */
export function recorderOf(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string }
    | { type: string };
  if ('userEntityRef' in principal) return principal.userEntityRef;
  if ('subject' in principal) return principal.subject;
  return undefined;
}

/** An opaque cursor of a page position: base64url of `[at, id]`. */
export function encodeCursor(position: ChangePosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString(
    'base64url',
  );
}

/** Reads a cursor this API returned; InputError naming `cursor` otherwise. */
export function decodeCursor(cursor: string): ChangePosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string'
    ) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new InputError(
    `cursor: must be a nextCursor this API returned, got ${JSON.stringify(
      cursor,
    )}`,
  );
}

/**
 * The recorded changes: pushes, lists, deletes and relief, each limited to
 * what the caller may see. An entity is visible to the caller when the
 * permission policy allows `customer-impact.entity.read` on it and the
 * catalog returns it with the caller's credentials.
 */
export class ChangeService {
  private readonly store: ChangeStore;
  private readonly relief: ReliefService;
  private readonly catalog: CatalogService;
  private readonly permissions: PermissionsService;
  private readonly now: () => Date;

  constructor(options: {
    store: ChangeStore;
    relief: ReliefService;
    catalog: CatalogService;
    permissions: PermissionsService;
    now?: () => Date;
  }) {
    this.store = options.store;
    this.relief = options.relief;
    this.catalog = options.catalog;
    this.permissions = options.permissions;
    this.now = options.now ?? (() => new Date());
  }

  /** Validates a push as a whole (InputError naming index and field) and writes it in one transaction. */
  /**
   * Validates a push body whole (InputError naming the index and field),
   * asks `authorize` for the distinct entities of its changes (it throws
   * when one is not allowed), then writes it in one transaction.
   */
  async push(
    body: unknown,
    credentials: BackstageCredentials,
    authorize: (entityRefs: string[]) => Promise<void> = async () => {},
  ): Promise<ChangePushResult> {
    const changes = parseChangeBatch(body);
    await authorize([
      ...new Set(changes.flatMap(c => c.entityRefs)),
    ].sort());
    return this.store.upsertChanges(
      changes,
      recorderOf(credentials),
      this.now(),
    );
  }

  /**
   * One page of changes, newest first; with `entityRefs`, only changes that
   * concern one of them (the caller must be able to read each, checked by
   * the router). Entities the caller may not see are left out of each
   * change, and changes with none left are left out.
   */
  async list(
    query: { entityRefs?: string[]; limit: number; cursor?: string },
    credentials: BackstageCredentials,
  ): Promise<ChangeList> {
    const page = await this.store.listChanges({
      entityRefs: query.entityRefs,
      limit: query.limit,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    const visible = await this.visibleEntities(
      page.flatMap(c => c.entityRefs),
      credentials,
      ['kind', 'metadata.name', 'metadata.namespace'],
    );
    const changes = page
      .map(change => ({
        ...change,
        entityRefs: change.entityRefs.filter(ref => visible.has(ref)),
      }))
      .filter(change => change.entityRefs.length > 0);
    const last = page[page.length - 1];
    return {
      changes,
      ...(page.length === query.limit && last
        ? { nextCursor: encodeCursor({ at: last.at, id: last.id }) }
        : {}),
    };
  }

  /** Deletes a change; NotFoundError when there is none. */
  async delete(id: string): Promise<void> {
    if (!(await this.store.deleteChange(id))) {
      throw new NotFoundError(`No change with id ${JSON.stringify(id)}`);
    }
  }

  /**
   * The relief of a change over the entities the caller may see.
   * NotFoundError when there is no such change or the catalog shows the
   * caller none of its entities; NotAllowedError when the permission policy
   * denies every one of them.
   */
  async reliefOf(
    id: string,
    weeks: number,
    credentials: BackstageCredentials,
  ): Promise<ChangeRelief> {
    const change = await this.store.getChange(id);
    if (!change) {
      throw new NotFoundError(`No change with id ${JSON.stringify(id)}`);
    }
    const allowed = await this.allowedRefs(change.entityRefs, credentials);
    if (allowed.length === 0) {
      throw new NotAllowedError(
        `Not allowed to read the customer impact of any entity of change ${JSON.stringify(
          id,
        )}`,
      );
    }
    const visible = await this.entitiesFor(allowed, credentials);
    const entities = change.entityRefs
      .map(ref => visible.get(ref))
      .filter((e): e is Entity => Boolean(e));
    if (entities.length === 0) {
      throw new NotFoundError(`No change with id ${JSON.stringify(id)}`);
    }
    return this.relief.reliefOf({
      change,
      entities,
      weeks,
      now: this.now(),
      credentials,
    });
  }

  /** The refs the permission policy lets the caller read. */
  private async allowedRefs(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return [];
    const decisions = await this.permissions.authorize(
      unique.map(resourceRef => ({
        permission: customerImpactEntityReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return unique.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  }

  /** The entities of `refs` the catalog returns with the caller's credentials, by lower-case ref. */
  private async entitiesFor(
    refs: string[],
    credentials: BackstageCredentials,
    fields?: string[],
  ): Promise<Map<string, Entity>> {
    const found = new Map<string, Entity>();
    if (refs.length === 0) return found;
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: refs, ...(fields ? { fields } : {}) },
      { credentials },
    );
    for (const entity of items) {
      if (entity) {
        found.set(
          stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
          entity,
        );
      }
    }
    return found;
  }

  /** The refs the caller may see: allowed by the policy and returned by the catalog. */
  private async visibleEntities(
    refs: string[],
    credentials: BackstageCredentials,
    fields: string[],
  ): Promise<Set<string>> {
    const allowed = await this.allowedRefs(refs, credentials);
    return new Set(
      (await this.entitiesFor(allowed, credentials, fields)).keys(),
    );
  }
}
