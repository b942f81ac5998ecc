import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ChangeRelief,
  EntityRelief,
  JOURNEY_STEP_DEFAULT_ENTITY_KIND,
  JourneyStepRelief,
  RELATION_JOURNEY_STEP_OF,
  RecordedChange,
  ReliefWindows,
  SloBucket,
  SloRelief,
  StoredSupportEvent,
  TeamRelief,
  dependentRefsOf,
  fineHorizon,
  fineReadsFrom,
  isJourneyEntity,
  journeyStepRelief,
  journeySteps,
  reliefWindows,
  resolveWindow,
  sloRelief,
  supportRelief,
  supportReliefByTeam,
  supportWeekOf,
} from '@customer-impact/plugin-customer-impact-common';
import { JourneyStore } from '../journey/JourneyStore';
import { SloSampleStore } from '../slo/SloSampleStore';
import { SloStateStore } from '../slo/SloStateStore';
import { SupportStore } from '../support/SupportStore';

/**
 * What the relief reads from the other facets' stores: support events, SLO
 * definitions and buckets, journey events and answers. Read-only.
 */
export interface ReliefSources {
  support: Pick<
    SupportStore,
    'listEvents' | 'lastUpdatedAt' | 'earliestOpenedAt'
  >;
  sloState: Pick<SloStateStore, 'getDefinitions'>;
  sloSamples: Pick<SloSampleStore, 'readBuckets'>;
  /** `customerImpact.slo.fineRetentionDays`: where hourly roll-ups end and 5-minute buckets begin. */
  fineRetentionDays: number;
  journeys: Pick<JourneyStore, 'readJourney'>;
  /** k of the journey figures (`customerImpact.journeys.minPeople`). */
  k: number;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function titleOf(entity: Entity | undefined, ref: string): string {
  const profile = (entity?.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof entity?.metadata.title === 'string') return entity.metadata.title;
  if (typeof profile?.displayName === 'string') return profile.displayName;
  return entity?.metadata.name ?? parseEntityRef(ref).name;
}

/**
 * Computes a change's relief (`GET /v1/changes/{id}/relief`) with the math of
 * `-common` (`reliefWindows`, `supportRelief`, `sloRelief`,
 * `journeyStepRelief`) over what the facets stored: per consuming team the
 * support events it raised on the change's entities, and per entity its
 * support events, the burn of its SLOs and its journey steps.
 */
export class ReliefService {
  constructor(
    private readonly options: {
      sources: ReliefSources;
      catalog: CatalogService;
    },
  ) {}

  /**
   * The relief of `change` over `entities` (the change's entities the caller
   * may see, in the change's order), at `now`.
   */
  async reliefOf(options: {
    change: RecordedChange;
    entities: Entity[];
    weeks: number;
    now: Date;
    credentials: BackstageCredentials;
  }): Promise<ChangeRelief> {
    const { change, entities, now, credentials } = options;
    const windows = reliefWindows({ at: change.at, now, weeks: options.weeks });
    const entityRefs = entities.map(e => lower(stringifyEntityRef(e)));
    const events = await this.supportEvents(entityRefs, windows);
    const dataSince = await this.supportDataSince(entityRefs);

    const consumers = await this.consumingTeams(entities, credentials);
    const byTeam = supportReliefByTeam(events, windows, {
      dataSince,
      teamRefs: [...consumers.keys()],
    });
    const titles = await this.titles(
      byTeam.map(t => t.teamRef),
      credentials,
    );
    const teams: TeamRelief[] = byTeam.map(({ teamRef, support }) => ({
      teamRef,
      title: titles.get(teamRef) ?? parseEntityRef(teamRef).name,
      consumes: [...(consumers.get(teamRef) ?? [])].sort(),
      support,
    }));

    const entityReliefs: EntityRelief[] = [];
    for (const entity of entities) {
      const entityRef = lower(stringifyEntityRef(entity));
      const own = events.filter(e => e.entityRef === entityRef);
      const ever = await this.options.sources.support.lastUpdatedAt([
        entityRef,
      ]);
      entityReliefs.push({
        entityRef,
        title: titleOf(entity, entityRef),
        support: supportRelief(own, windows, {
          dataSince: ever === null ? null : dataSince,
        }),
        slos: await this.sloReliefs(entityRef, windows, now),
        journeySteps: await this.journeyReliefs(entity, windows, credentials),
      });
    }

    return {
      change: { ...change, entityRefs },
      weeks: windows.weeks,
      weeksAfterElapsed: windows.weeksAfterElapsed,
      tooEarly: windows.tooEarly,
      windows,
      teams,
      entities: entityReliefs,
      k: this.options.sources.k,
      computedAt: now.toISOString(),
    };
  }

  /** The support events of the entities opened in either window. */
  private async supportEvents(
    entityRefs: string[],
    windows: ReliefWindows,
  ): Promise<StoredSupportEvent[]> {
    const from = windows.before?.from ?? windows.after?.from;
    if (!from) {
      return [];
    }
    const to = Date.parse(windows.after?.to ?? windows.before!.to);
    const events = await this.options.sources.support.listEvents({
      entityRefs,
      openedFrom: new Date(from),
    });
    return events.filter(e => Date.parse(e.openedAt) < to);
  }

  /**
   * Since when support events are recorded for these entities: null when
   * none of them ever had one, else Monday 00:00 UTC of the week of the
   * earliest event stored (the support facet's convention: collection began
   * in that week).
   */
  private async supportDataSince(entityRefs: string[]) {
    const { support } = this.options.sources;
    if ((await support.lastUpdatedAt(entityRefs)) === null) {
      return null;
    }
    const earliest = await support.earliestOpenedAt();
    return earliest === null ? null : supportWeekOf(earliest).start;
  }

  /**
   * The owners of the entities that consume or depend on the change's
   * entities (`apiConsumedBy`, `dependencyOf`), read with the caller's
   * credentials, each with the change's entities it consumes.
   */
  private async consumingTeams(
    entities: Entity[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Set<string>>> {
    const consumersOf = new Map<string, string[]>();
    for (const entity of entities) {
      consumersOf.set(
        lower(stringifyEntityRef(entity)),
        dependentRefsOf(entity).map(lower),
      );
    }
    const refs = [...new Set([...consumersOf.values()].flat())];
    const teams = new Map<string, Set<string>>();
    if (refs.length === 0) {
      return teams;
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      },
      { credentials },
    );
    for (const consumer of items) {
      if (!consumer) continue;
      const consumerRef = lower(stringifyEntityRef(consumer));
      const owners = (consumer.relations ?? [])
        .filter(r => r.type === RELATION_OWNED_BY)
        .map(r => lower(r.targetRef));
      for (const [entityRef, consumerRefs] of consumersOf) {
        if (!consumerRefs.includes(consumerRef)) continue;
        for (const owner of owners) {
          const set = teams.get(owner) ?? new Set<string>();
          set.add(entityRef);
          teams.set(owner, set);
        }
      }
    }
    return teams;
  }

  /** Titles of the teams the caller may see. */
  private async titles(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string>> {
    const titles = new Map<string, string>();
    if (refs.length === 0) {
      return titles;
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile.displayName',
        ],
      },
      { credentials },
    );
    items.forEach((entity, i) => {
      if (entity) titles.set(refs[i], titleOf(entity, refs[i]));
    });
    return titles;
  }

  /** Each SLO of the entity (as last read from its definitions file), before and after. */
  private async sloReliefs(
    entityRef: string,
    windows: ReliefWindows,
    now: Date,
  ): Promise<SloRelief[]> {
    const { sloState, sloSamples, fineRetentionDays } = this.options.sources;
    const stored = await sloState.getDefinitions(entityRef);
    const definitions = stored?.result?.slos ?? [];
    const from = windows.before?.from ?? windows.after?.from;
    if (definitions.length === 0 || !from) {
      return definitions.map(d => sloRelief(d, [], windows));
    }
    // Read as the SLO's own figures are: a time-slice SLO of slices shorter
    // than an hour from its fine buckets over its window, the others from
    // the roll-ups before the fine horizon. One read per split.
    const nowMs = now.getTime();
    const horizon = fineHorizon(nowMs, fineRetentionDays);
    const bySplit = new Map<number, string[]>();
    for (const d of definitions) {
      const splitMs = fineReadsFrom(
        d,
        resolveWindow(d.window, nowMs).startMs,
        horizon,
      );
      bySplit.set(splitMs, [...(bySplit.get(splitMs) ?? []), d.key]);
    }
    const buckets = new Map<string, SloBucket[]>();
    for (const [splitMs, slos] of bySplit) {
      const read = await sloSamples.readBuckets({
        entityRef: stored!.entityRef,
        slos,
        fromMs: Date.parse(from),
        toMs: Date.parse(windows.after?.to ?? windows.before!.to),
        splitMs,
      });
      read.forEach((b, key) => buckets.set(key, b));
    }
    return definitions.map(d =>
      sloRelief(d, buckets.get(d.key) ?? [], windows),
    );
  }

  /** The steps at the entity of the journeys that pass through it (those the caller may see). */
  private async journeyReliefs(
    entity: Entity,
    windows: ReliefWindows,
    credentials: BackstageCredentials,
  ): Promise<JourneyStepRelief[]> {
    const entityRef = lower(stringifyEntityRef(entity));
    const journeyRefs = [
      ...new Set(
        (entity.relations ?? [])
          .filter(r => r.type === RELATION_JOURNEY_STEP_OF)
          .map(r => lower(r.targetRef)),
      ),
    ].sort();
    const result: JourneyStepRelief[] = [];
    for (const ref of journeyRefs) {
      const journey = await this.options.catalog.getEntityByRef(ref, {
        credentials,
      });
      if (!journey || !isJourneyEntity(journey)) continue;
      const namespace = journey.metadata.namespace ?? 'default';
      const stepIds = journeySteps(journey)
        .filter(step => {
          if (!step.entityRef) return false;
          try {
            return (
              stringifyEntityRef(
                parseEntityRef(step.entityRef, {
                  defaultKind: JOURNEY_STEP_DEFAULT_ENTITY_KIND,
                  defaultNamespace: namespace,
                }),
              ) === entityRef
            );
          } catch {
            return false;
          }
        })
        .map(step => step.id);
      if (stepIds.length === 0) continue;
      const records = await this.options.sources.journeys.readJourney(ref);
      result.push(
        ...journeyStepRelief({
          journey,
          events: records.events,
          feedback: records.feedback,
          stepIds,
          windows,
          k: this.options.sources.k,
        }),
      );
    }
    return result;
  }
}
