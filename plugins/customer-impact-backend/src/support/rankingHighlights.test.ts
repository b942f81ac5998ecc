import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { SupportEvent } from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { SupportService } from './SupportService';
import { DatabaseSupportStore } from './SupportStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** Wednesday 25 Nov 2026; the support window reaches back to Monday 31 Aug. */
const NOW = new Date('2026-11-25T12:00:00Z');
const GROUP: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
const TEAMS = ['group:default/team-a', 'group:default/team-b', undefined];
/** More entities than one SQLite statement of the ranking reads (500). */
const ENTITIES = Array.from(
  { length: 1300 },
  (_, i) => `component:default/svc-${String(i).padStart(4, '0')}`,
);

/**
 * Events whose counts per entity and opening instants tie a lot: a team's
 * first entities and latest events are decided by the tie-breaks, across
 * the statements' shares of the entities.
 */
function events(): SupportEvent[] {
  const out: SupportEvent[] = [];
  for (let i = 0; i < 3000; i++) {
    const team = TEAMS[i % 3];
    // Entities from every share; a few of each team's get 3 or 4 events.
    const entity = ENTITIES[(i * 7) % 1300 < 1290 ? (i * 389) % 1300 : 5];
    out.push({
      source: i % 2 ? 'jira' : 'pagerduty',
      externalId: `E-${String(i).padStart(5, '0')}`,
      entityRef: entity,
      ...(team ? { consumerRef: team } : {}),
      kind: 'ticket',
      // Each team's two latest events alone at their instant, then 40
      // instants shared by many events (the third latest is decided among
      // them); some before the window.
      openedAt: new Date(
        i < 6
          ? Date.parse('2026-11-24T06:00:00Z')
          : Date.parse('2026-11-24T00:00:00Z') - (i % 40) * 3 * 86_400_000,
      ).toISOString(),
    });
  }
  return out;
}

/** The ranking's highlights worked out from the events one by one. */
function naive(all: SupportEvent[], from: string) {
  const inWindow = all.filter(e => e.openedAt >= from);
  const out = new Map<
    string,
    { top: Array<{ entityRef: string; count: number }>; recent: string[] }
  >();
  for (const team of TEAMS) {
    const key = team ?? 'unknown';
    const theirs = inWindow.filter(e => e.consumerRef === team);
    const counts = new Map<string, number>();
    for (const e of theirs) {
      counts.set(e.entityRef, (counts.get(e.entityRef) ?? 0) + 1);
    }
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(([entityRef, count]) => ({ entityRef, count }));
    const recent = [...theirs]
      .sort(
        (a, b) =>
          b.openedAt.localeCompare(a.openedAt) ||
          b.externalId.localeCompare(a.externalId),
      )
      .slice(0, 3)
      .map(e => e.externalId);
    out.set(key, { top, recent });
  }
  return out;
}

describe.each(databases.eachSupportedId())(
  "the ranking's top entities and latest events on %p",
  databaseId => {
    it('are those of the events one by one, across statements and ties', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSupportStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const support = new SupportService({ store, now: () => NOW });
      const all = events();
      for (let i = 0; i < all.length; i += 1000) {
        await support.push({ events: all.slice(i, i + 1000) });
      }
      const answer = await support.getGroupConsumers(GROUP, ENTITIES, {
        limit: 10,
      });
      const expected = naive(all, answer.window.from);
      expect(answer.consumers).toHaveLength(3);
      for (const c of answer.consumers) {
        const want = expected.get(
          c.consumerRef.startsWith('group:') ? c.consumerRef : 'unknown',
        )!;
        // The worked example has ties to break: not every count is 1.
        expect(want.top[0].count).toBeGreaterThan(1);
        expect(c.topEntities).toEqual(want.top);
        expect(c.recentEvents.map(e => e.externalId)).toEqual(want.recent);
      }
    });
  },
);
