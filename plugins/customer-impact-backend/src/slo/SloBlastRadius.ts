import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_PROVIDES_API,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  BurningDependency,
  SloAffectedTeam,
  SloAlertState,
  SloFacet,
  SloStatus,
  dependencyRefsOf,
  dependentRefsOf,
} from '@customer-impact/plugin-customer-impact-common';
import { DateTime } from 'luxon';
import { EntityReader } from '../facets/SummaryScope';
import { ownerOf } from '../service/owners';
import { SloIncident, SloIncidentStore } from './SloIncidentStore';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
const burning = (state: SloAlertState): state is 'page' | 'ticket' =>
  state === 'page' || state === 'ticket';

/**
 * The incident rule: an incident opens when an SLO enters `page` or `ticket`
 * and lasts while it stays in either (ticket → page is the same incident); a
 * `no-data` gap does not end it (nothing says the SLO recovered), `ok` does.
 * Returns the incident to save, or null when there is nothing to record.
 */
export function nextIncident(
  previous: SloIncident | undefined,
  status: {
    key: string;
    name: string;
    displayName: string | null;
    state: SloAlertState;
  },
  entityRef: string,
  nowMs: number,
): SloIncident | null {
  const sloName = status.displayName ?? status.name;
  if (!previous) {
    if (!burning(status.state)) {
      return null;
    }
    return {
      entityRef: lower(entityRef),
      slo: status.key,
      sloName,
      startedAt: nowMs,
      endedAt: null,
      state: status.state,
      stateSince: nowMs,
      evaluatedAt: nowMs,
      consumersNotifiedAt: null,
    };
  }
  if (status.state === 'ok') {
    return {
      ...previous,
      state: 'ok',
      stateSince: nowMs,
      endedAt: nowMs,
      evaluatedAt: nowMs,
    };
  }
  return {
    ...previous,
    sloName,
    state: status.state,
    stateSince: previous.state === status.state ? previous.stateSince : nowMs,
    evaluatedAt: nowMs,
  };
}

/** A consumer of an entity and how it reaches it. */
export interface SloConsumer {
  entityRef: string;
  ownerRef: string | null;
  /** The entity's APIs it consumes; empty when it depends on or consumes the entity itself. */
  via: string[];
}

function relationTargets(entity: Entity, type: string): string[] {
  return [
    ...new Set(
      (entity.relations ?? [])
        .filter(r => r.type === type)
        .map(r => lower(r.targetRef)),
    ),
  ].sort();
}

function addVia(map: Map<string, Set<string>>, ref: string, via?: string) {
  const set = map.get(lower(ref)) ?? new Set<string>();
  if (via) {
    set.add(lower(via));
  }
  map.set(lower(ref), set);
}

/** `HH:mm UTC` of an instant. */
function timeOf(ms: number): string {
  return `${DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('HH:mm')} UTC`;
}

/**
 * The blast radius of a burning SLO: its incidents (a continuous period in
 * page or ticket, recorded on every evaluation), the consumers of an entity
 * (what depends on it, consumes its API, or consumes an API it provides) and
 * their owners, and the burning dependencies of a consumer. Notifies the
 * owners of the consumers once per incident when the owning team opts in.
 */
export class SloBlastRadius {
  private readonly notifyConsumersOf: ReadonlySet<string>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      notifications: NotificationService;
      incidents: SloIncidentStore;
      logger: LoggerService;
      /** Owners (group refs) whose incidents are also sent to the owners of their consumers. */
      notifyConsumersOf?: readonly string[];
    },
  ) {
    this.notifyConsumersOf = new Set(
      (options.notifyConsumersOf ?? []).map(lower),
    );
  }

  // --------------------------------------------------------------- incidents

  /**
   * Records the evaluated states of one entity's SLOs as incidents, ends the
   * incidents of SLOs it no longer has, and notifies the owners of its
   * consumers once per incident when its owner opted in. Returns how many
   * teams were notified.
   */
  async track(
    entityRef: string,
    statuses: ReadonlyArray<
      Pick<SloStatus, 'key' | 'name' | 'displayName' | 'state'>
    >,
    nowMs: number,
  ): Promise<{ notifiedTeams: number }> {
    const { incidents } = this.options;
    const open = await incidents.openIncidents(entityRef);
    let notifiedTeams = 0;
    let entity: Entity | undefined | null = null;
    for (const status of statuses) {
      const next = nextIncident(open.get(status.key), status, entityRef, nowMs);
      open.delete(status.key);
      if (!next) {
        continue;
      }
      const saved = await incidents.saveIncident(next);
      if (
        saved.endedAt !== null ||
        !burning(saved.state) ||
        saved.consumersNotifiedAt !== null
      ) {
        continue;
      }
      if (entity === null) {
        entity = await this.options.catalog.getEntityByRef(entityRef, {
          credentials: await this.options.auth.getOwnServiceCredentials(),
        });
      }
      const owner = entity ? ownerOf(entity) : null;
      if (!entity || !owner || !this.notifyConsumersOf.has(lower(owner))) {
        continue;
      }
      const teams = await this.notifyConsumers(entity, owner, saved);
      if (teams !== null) {
        notifiedTeams += teams;
        await incidents.saveIncident({ ...saved, consumersNotifiedAt: nowMs });
      }
    }
    // SLOs that are no longer defined end their incidents.
    for (const gone of open.values()) {
      await incidents.saveIncident({
        ...gone,
        endedAt: nowMs,
        evaluatedAt: nowMs,
      });
    }
    return { notifiedTeams };
  }

  /** Ends the incidents of entities that no longer have SLOs. */
  endIncidentsExcept(
    entityRefs: readonly string[],
    nowMs: number,
  ): Promise<number> {
    return this.options.incidents.endIncidentsExcept(entityRefs, nowMs);
  }

  /** Sends each consuming team one notification; null when any send failed (retried next run). */
  private async notifyConsumers(
    entity: Entity,
    owner: string,
    incident: SloIncident,
  ): Promise<number | null> {
    const consumers = await this.consumersOf(
      entity,
      await this.options.auth.getOwnServiceCredentials(),
    );
    const teams = groupByOwner(consumers).filter(
      t => t.ownerRef !== null && lower(t.ownerRef) !== lower(owner),
    );
    const name = entity.metadata.title ?? entity.metadata.name;
    const { kind, namespace } = parseEntityRef(stringifyEntityRef(entity));
    let failed = false;
    for (const team of teams) {
      const names = team.consumers.map(c => parseEntityRef(c).name);
      try {
        await this.options.notifications.send({
          recipients: { type: 'entity', entityRef: team.ownerRef! },
          payload: {
            title: `A dependency is burning its error budget: ${name}, ${
              incident.state
            } since ${timeOf(incident.stateSince)}`,
            description: `SLO ${incident.sloName} of ${name} is in ${
              incident.state
            } (incident since ${timeOf(incident.startedAt)}). Your ${names.join(
              ', ',
            )} ${names.length === 1 ? 'depends' : 'depend'} on it; ${
              teams.length
            } consuming ${
              teams.length === 1 ? 'team is' : 'teams are'
            } affected. Its owner ${owner} was notified.`,
            link: `/catalog/${namespace}/${kind}/${entity.metadata.name}`,
            severity: incident.state === 'page' ? 'critical' : 'high',
            topic: 'customer-impact-slo-blast-radius',
            scope: `customer-impact-slo-incident:${incident.entityRef}:${incident.slo}:${incident.startedAt}`,
          },
        });
      } catch (error) {
        failed = true;
        this.options.logger.warn(
          `Could not tell ${team.ownerRef} that ${
            incident.entityRef
          } is burning ${incident.slo}: ${(error as Error).message}`,
        );
      }
    }
    return failed ? null : teams.length;
  }

  // ---------------------------------------------------------------- catalog

  /**
   * The consumers of an entity, read with `credentials`: entities that
   * depend on it (`dependencyOf`), consume it (`apiConsumedBy`) or consume
   * an API it provides (`providesApi` → `apiConsumedBy`), with their owners.
   */
  async consumersOf(
    entity: Entity,
    credentials: BackstageCredentials,
    catalog: EntityReader = this.options.catalog,
  ): Promise<SloConsumer[]> {
    const self = lower(stringifyEntityRef(entity));
    const via = new Map<string, Set<string>>();
    for (const ref of dependentRefsOf(entity)) {
      addVia(via, ref);
    }
    const apis = relationTargets(entity, RELATION_PROVIDES_API);
    if (apis.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: apis,
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        },
        { credentials },
      );
      for (const api of items) {
        if (!api) continue;
        const apiRef = stringifyEntityRef(api);
        for (const ref of relationTargets(api, RELATION_API_CONSUMED_BY)) {
          addVia(via, ref, apiRef);
        }
      }
    }
    via.delete(self);
    if (via.size === 0) {
      return [];
    }
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: [...via.keys()],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.owner',
          'relations',
        ],
      },
      { credentials },
    );
    return items
      .filter((e): e is Entity => Boolean(e))
      .map(e => {
        const entityRef = lower(stringifyEntityRef(e));
        return {
          entityRef,
          ownerRef: ownerOf(e),
          via: [...(via.get(entityRef) ?? [])].sort(),
        };
      })
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }

  /** The owners of the entity's consumers, each with its consumers. */
  async internalCustomersAffected(
    entity: Entity,
    credentials: BackstageCredentials,
    catalog: EntityReader = this.options.catalog,
  ): Promise<SloAffectedTeam[]> {
    return groupByOwner(await this.consumersOf(entity, credentials, catalog));
  }

  /**
   * SLOs in page or ticket of what the entity depends on or consumes, and of
   * the providers of the APIs it consumes; only entities the caller can see.
   */
  async burningDependenciesOf(
    entity: Entity,
    credentials: BackstageCredentials,
    catalog: EntityReader = this.options.catalog,
  ): Promise<BurningDependency[]> {
    const { incidents } = this.options;
    const self = lower(stringifyEntityRef(entity));
    const via = new Map<string, Set<string>>();
    for (const ref of dependencyRefsOf(entity)) {
      addVia(via, ref);
    }
    const consumed = relationTargets(entity, RELATION_CONSUMES_API);
    if (consumed.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: consumed,
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        },
        { credentials },
      );
      for (const api of items) {
        if (!api) continue;
        const apiRef = stringifyEntityRef(api);
        for (const provider of relationTargets(api, RELATION_API_PROVIDED_BY)) {
          addVia(via, provider, apiRef);
        }
      }
    }
    via.delete(self);
    if (via.size === 0) {
      return [];
    }
    const open = (await incidents.openIncidentsOf([...via.keys()])).filter(i =>
      burning(i.state),
    );
    if (open.length === 0) {
      return [];
    }
    const refs = [...new Set(open.map(i => i.entityRef))];
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
      },
      { credentials },
    );
    const visible = new Map(
      items
        .filter((e): e is Entity => Boolean(e))
        .map(e => [lower(stringifyEntityRef(e)), e] as const),
    );
    const iso = (ms: number) => new Date(ms).toISOString();
    return open
      .filter(i => visible.has(i.entityRef))
      .map(i => ({
        entityRef: i.entityRef,
        title: visible.get(i.entityRef)!.metadata.title ?? null,
        slo: i.slo,
        sloName: i.sloName,
        state: i.state as 'page' | 'ticket',
        since: iso(i.stateSince),
        incidentStartedAt: iso(i.startedAt),
        evaluatedAt: iso(i.evaluatedAt),
        via: [...(via.get(i.entityRef) ?? [])].sort(),
      }))
      .sort(
        (a, b) =>
          (a.state === 'page' ? 0 : 1) - (b.state === 'page' ? 0 : 1) ||
          a.since.localeCompare(b.since) ||
          a.entityRef.localeCompare(b.entityRef),
      );
  }

  /**
   * The SLO facet with its blast radius: the burning dependencies (consumer
   * side) and, while one of its own SLOs burns, the internal customers
   * affected. A failed facet is returned as it is.
   */
  async withBlastRadius(
    /** The facet, or its computation (the dependencies are read beside it). */
    facet: SloFacet | Promise<SloFacet>,
    entity: Entity,
    credentials: BackstageCredentials,
    /** Where related entities are read (a summary's scope); default: the catalog. */
    catalog: EntityReader = this.options.catalog,
  ): Promise<SloFacet> {
    // Whether what the entity depends on burns does not depend on its own
    // SLOs: read while they are computed.
    const dependencies = this.burningDependenciesOf(
      entity,
      credentials,
      catalog,
    );
    // Awaited below, unless the facet fails first (then its error is the answer).
    dependencies.catch(() => undefined);
    const own = await facet;
    if (own.status === 'not-configured') {
      return { ...own, burningDependencies: await dependencies };
    }
    if (!('slos' in own)) {
      return own;
    }
    const ownBurning = own.slos.some(s => burning(s.state));
    const [burningDependencies, internalCustomersAffected] = await Promise.all([
      dependencies,
      ownBurning
        ? this.internalCustomersAffected(entity, credentials, catalog)
        : [],
    ]);
    return { ...own, burningDependencies, internalCustomersAffected };
  }
}

/** Consumers grouped by owner, owners sorted (no owner last), consumers sorted. */
export function groupByOwner(
  consumers: readonly SloConsumer[],
): SloAffectedTeam[] {
  const byOwner = new Map<string | null, string[]>();
  for (const c of consumers) {
    const key = c.ownerRef ? lower(c.ownerRef) : null;
    byOwner.set(key, [...(byOwner.get(key) ?? []), c.entityRef]);
  }
  return [...byOwner.entries()]
    .map(([ownerRef, refs]) => ({
      ownerRef,
      consumers: [...new Set(refs)].sort(),
    }))
    .sort((a, b) => {
      if (a.ownerRef === null) return 1;
      if (b.ownerRef === null) return -1;
      return a.ownerRef.localeCompare(b.ownerRef);
    });
}
