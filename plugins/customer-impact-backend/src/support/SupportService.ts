import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  DEFAULT_TREND_WEEKS,
  GroupSupportConsumers,
  SupportEventList,
  SupportLoadFacet,
  SupportLoadWindow,
  SupportPushResult,
  UNKNOWN_CONSUMER,
  longTailShare,
  medianTimeToResolveSeconds,
  parseSupportEventBatch,
  rankSupportConsumers,
  supportTrend,
  supportWeekFigures,
  supportWeekOf,
  supportWeeksBefore,
} from '@customer-impact/plugin-customer-impact-common';
import { SupportStore } from './SupportStore';

/** How many recent events of a consuming team the group ranking links to. */
const RECENT_PER_CONSUMER = 3;

/** What the summary says when the facet is not set up for an entity. */
export const SUPPORT_HOW_TO = `Push this entity's tickets, pages, escalations and manual exceptions to
POST /api/customer-impact/v1/support-events, for example:
{ "events": [{ "source": "jira", "externalId": "OPS-1234", "entityRef": "component:default/payments-service",
  "consumerRef": "group:default/team-checkout", "kind": "ticket", "openedAt": "2027-03-01T09:30:00Z",
  "category": "access", "title": "Cannot rotate API key", "url": "https://jira.example.com/browse/OPS-1234" }] }
or let a pull module read them, with one of these annotations in catalog-info.yaml:
metadata:
  annotations:
    pagerduty.com/service-id: PABC123      # incidents become pages and escalations
    github.com/project-slug: acme/payments # labelled issues become tickets and manual exceptions`;

/** The support-load facet: pushes, the summary figures, recent events and the group ranking. */
export class SupportService {
  private readonly store: SupportStore;
  private readonly now: () => Date;

  constructor(options: { store: SupportStore; now?: () => Date }) {
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
  }

  /** Validates a push as a whole (InputError naming index and field) and writes it in one transaction. */
  async push(body: unknown): Promise<SupportPushResult> {
    const events = parseSupportEventBatch(body);
    return this.store.upsertEvents(events, this.now());
  }

  private window(now: Date): SupportLoadWindow {
    const thisWeek = supportWeekOf(now);
    const weeks = supportWeeksBefore(thisWeek, DEFAULT_TREND_WEEKS);
    return {
      from: weeks[0].start,
      to: now.toISOString(),
      weeks: DEFAULT_TREND_WEEKS,
      thisWeek,
    };
  }

  async getFacet(entity: Entity): Promise<SupportLoadFacet> {
    const now = this.now();
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const window = this.window(now);
    const events = await this.store.listEvents({
      entityRefs: [entityRef],
      openedFrom: new Date(window.from),
    });
    const lastUpdatedAt = await this.store.lastUpdatedAt([entityRef]);

    if (events.length === 0) {
      const annotations = entity.metadata.annotations ?? {};
      const annotated = [
        ANNOTATION_PAGERDUTY_SERVICE_ID,
        ANNOTATION_GITHUB_PROJECT_SLUG,
      ].filter(a => annotations[a]);
      if (lastUpdatedAt === null && annotated.length === 0) {
        return { status: 'not-configured', howTo: SUPPORT_HOW_TO };
      }
      return {
        status: 'no-data',
        reason:
          lastUpdatedAt === null
            ? `No support event recorded yet; the entity has ${annotated.join(
                ' and ',
              )}, so a pull module will record its events once it is configured and has run.`
            : `No support event opened in the last ${DEFAULT_TREND_WEEKS} weeks or this week.`,
        window,
        lastUpdatedAt,
      };
    }

    // Collection began in the week of the first event ever stored: weeks
    // before it are "not covered" (left out of the median), not weeks of 0.
    const earliest = await this.store.earliestOpenedAt();
    const dataSince = earliest ? supportWeekOf(earliest).start : undefined;
    return {
      status: 'ok',
      window,
      lastUpdatedAt: lastUpdatedAt ?? now.toISOString(),
      sources: [...new Set(events.map(e => e.source))].sort(),
      thisWeek: supportWeekFigures(events, {
        entityRef,
        week: window.thisWeek,
        now,
      }),
      trend: supportTrend(events, { now, entityRef, dataSince }),
      longTail: longTailShare(events),
      medianTimeToResolveSeconds: medianTimeToResolveSeconds(events, now),
      resolvedCount: events.filter(
        e =>
          e.resolvedAt !== undefined &&
          Date.parse(e.resolvedAt) <= now.getTime(),
      ).length,
    };
  }

  async getRecentEvents(
    entity: Entity,
    limit: number,
  ): Promise<SupportEventList> {
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const { events, total } = await this.store.recentEvents(entityRef, limit);
    return { entityRef, events, total };
  }

  /** Ranks the consuming teams across every entity the group owns (`ownerOf`). */
  async getGroupConsumers(group: Entity): Promise<GroupSupportConsumers> {
    const now = this.now();
    const window = this.window(now);
    const ownedEntityRefs = [
      ...new Set(
        (group.relations ?? [])
          .filter(r => r.type === 'ownerOf')
          .map(r => r.targetRef.toLocaleLowerCase('en-US')),
      ),
    ].sort();
    const events = await this.store.listEvents({
      entityRefs: ownedEntityRefs,
      openedFrom: new Date(window.from),
    });
    const consumers = rankSupportConsumers(events, {
      from: window.from,
    }).map(load => ({
      ...load,
      recentEvents: events
        .filter(e => (e.consumerRef ?? UNKNOWN_CONSUMER) === load.consumerRef)
        .reverse()
        .slice(0, RECENT_PER_CONSUMER)
        .map(e => ({
          source: e.source,
          externalId: e.externalId,
          entityRef: e.entityRef,
          kind: e.kind,
          openedAt: e.openedAt,
          ...(e.title ? { title: e.title } : {}),
          ...(e.url ? { url: e.url } : {}),
        })),
    }));
    return {
      groupRef: stringifyEntityRef(group).toLocaleLowerCase('en-US'),
      window,
      ownedEntityRefs,
      total: events.length,
      lastUpdatedAt: await this.store.lastUpdatedAt(ownedEntityRefs),
      consumers,
    };
  }
}
