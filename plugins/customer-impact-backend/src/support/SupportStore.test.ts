import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SupportEvent } from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { ConsumerEvent, DatabaseSupportStore } from './SupportStore';
import { WRITE_PARTS, writePartOf } from '../database/writeVersion';
import {
  SupportRetentionTask,
  applySupportRetention,
} from './SupportRetentionTask';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const PAYMENTS = 'component:default/payments-service';

const DAY = 24 * 3600 * 1000;
// Monday 7 Dec 2026 06:00 UTC.
const NOW = new Date('2026-12-07T06:00:00.000Z');

function event(
  externalId: string,
  extra: Partial<SupportEvent> = {},
): SupportEvent {
  return {
    source: 'jira',
    externalId,
    entityRef: PAYMENTS,
    kind: 'ticket',
    openedAt: '2026-11-16T09:00:00.000Z',
    ...extra,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseSupportStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSupportStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return { knex, store };
    }

    it('counts the teams of a ranking and works out their highlights as the events themselves say, and reads events by id', async () => {
      const { store } = await createStore();
      const refs = [PAYMENTS, 'component:default/ledger', 'api:default/pay'];
      const teams = [
        'group:default/team-a',
        'group:default/team-b',
        undefined,
        'group:default/team-c',
      ];
      const kinds = [
        'ticket',
        'page',
        'escalation',
        'manual-exception',
      ] as const;
      const events: SupportEvent[] = [];
      for (let i = 0; i < 240; i++) {
        events.push(
          event(`E-${i}`, {
            entityRef:
              i % 11 === 0 ? 'component:default/not-owned' : refs[i % 3],
            ...(teams[i % 4] ? { consumerRef: teams[i % 4] } : {}),
            kind: kinds[(i * 7) % 4],
            // Several events opened at the same instant; some before `from`.
            openedAt: new Date(
              Date.parse('2026-10-01T00:00:00Z') + (i % 60) * 86_400_000,
            ).toISOString(),
          }),
        );
      }
      await store.upsertEvents(events, new Date('2026-12-01T00:00:00Z'));
      const from = new Date('2026-10-10T00:00:00Z');

      // What the events themselves say, read one by one.
      const listed = await store.listEvents({
        entityRefs: refs,
        openedFrom: from,
      });
      // Counted per team and kind, a few hundred entities a statement: the
      // same counts whatever the chunks (on SQLite the three entities are in
      // three statements of `many`).
      const many = Array.from(
        { length: 1200 },
        (_, i) => `component:default/x-${i}`,
      );
      many.splice(1100, 0, refs[2]);
      many.splice(600, 0, refs[1]);
      many.splice(0, 0, refs[0]);
      for (const scope of [refs, many]) {
        const counted = new Map<string, number>();
        await store.consumerCounts(scope, from, { top: 2 }, counts => {
          for (const c of counts.kinds) {
            const k = `${c.consumerRef ?? '-'} ${c.kind}`;
            counted.set(k, (counted.get(k) ?? 0) + c.count);
          }
        });
        const expected = new Map<string, number>();
        for (const e of listed) {
          const k = `${e.consumerRef ?? '-'} ${e.kind}`;
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }
        expect(counted).toEqual(expected);
      }

      // Some teams' highlights (null: the events naming none), no text: per
      // team its two entities with the most events (ties by entity ref),
      // and its events at or after its third latest instant, ties included.
      const key = (e: {
        entityRef: string;
        consumerRef?: string | null;
        openedAtMs: number;
      }) => `${e.entityRef} ${e.consumerRef ?? '-'} ${e.openedAtMs}`;
      const theirs = listed.filter(
        e => e.consumerRef === 'group:default/team-b' || !e.consumerRef,
      );
      expect(theirs.length).toBeGreaterThan(0);
      expect(theirs.length).toBeLessThan(listed.length);
      const expectedTop = new Map<string, Array<[string, number]>>();
      const expectedLatest = new Map<string, string[]>();
      for (const team of ['group:default/team-b', '-']) {
        const own = theirs.filter(e => (e.consumerRef ?? '-') === team);
        const perEntity = new Map<string, number>();
        for (const e of own) {
          perEntity.set(e.entityRef, (perEntity.get(e.entityRef) ?? 0) + 1);
        }
        expectedTop.set(
          team,
          [...perEntity]
            .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
            .slice(0, 2),
        );
        const instants = own.map(e => Date.parse(e.openedAt));
        const third = [...instants].sort((x, y) => y - x)[2];
        expectedLatest.set(
          team,
          own
            .filter(e => Date.parse(e.openedAt) >= third)
            .map(e => key({ ...e, openedAtMs: Date.parse(e.openedAt) }))
            .sort(),
        );
      }
      // Ties at the third latest instant: more than three events each.
      expect(expectedLatest.get('-')!.length).toBeGreaterThan(3);
      for (const scope of [refs, many]) {
        const perEntity = new Map<string, Map<string, number>>();
        const latest: ConsumerEvent[] = [];
        let statements = 0;
        await store.consumerCounts(scope, from, { top: 2 }, ({ entities }) => {
          statements += 1;
          for (const c of entities) {
            const team = c.consumerRef ?? '-';
            const counts = perEntity.get(team) ?? new Map<string, number>();
            expect(counts.has(c.entityRef)).toBe(false);
            counts.set(c.entityRef, c.count);
            perEntity.set(team, counts);
          }
        });
        await store.consumerLatest(
          scope,
          from,
          ['group:default/team-b', null],
          { recent: 3 },
          theirLatest => {
            statements += 1;
            latest.push(...theirLatest);
          },
        );
        expect(statements).toBe(
          scope === many && databaseId.startsWith('SQLITE') ? 6 : 2,
        );
        // No other team's latest events.
        expect(
          latest.filter(
            e => e.consumerRef && e.consumerRef !== 'group:default/team-b',
          ),
        ).toEqual([]);
        for (const team of ['group:default/team-b', '-']) {
          expect(
            [...(perEntity.get(team) ?? new Map<string, number>())]
              .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
              .slice(0, 2),
          ).toEqual(expectedTop.get(team));
          const own = latest.filter(e => (e.consumerRef ?? '-') === team);
          const third = own.map(e => e.openedAtMs).sort((x, y) => y - x)[2];
          expect(
            own
              .filter(e => e.openedAtMs >= third)
              .map(key)
              .sort(),
          ).toEqual(expectedLatest.get(team));
        }
      }
      const none: ConsumerEvent[] = [];
      await store.consumerLatest(refs, from, [], { recent: 3 }, latest =>
        none.push(...latest),
      );
      expect(none).toEqual([]);

      // By id: the events themselves, text included.
      const read: ConsumerEvent[] = [];
      await store.consumerLatest(
        refs,
        from,
        ['group:default/team-b', null],
        { recent: 1000 },
        latest => read.push(...latest),
      );
      const byExternalId = (
        a: { externalId: string },
        b: { externalId: string },
      ) => a.externalId.localeCompare(b.externalId);
      expect(
        (await store.eventsByIds(read.map(e => e.id))).sort(byExternalId),
      ).toEqual([...theirs].sort(byExternalId));
      expect(await store.eventsByIds([])).toEqual([]);
    });

    it("finds each team's latest events, ties included, also when they lie beyond the latest events of the others", async () => {
      const { store } = await createStore();
      const t0 = Date.parse('2026-11-10T00:00:00Z');
      const at = (minutes: number) =>
        new Date(t0 + minutes * 60_000).toISOString();
      const events: SupportEvent[] = [];
      // team-a: one event a minute for 600 minutes, the latest of all.
      for (let i = 0; i < 600; i++) {
        events.push(
          event(`A-${i}`, {
            consumerRef: 'group:default/team-a',
            openedAt: at(i),
          }),
        );
      }
      // team-b: four events a day earlier.
      for (let i = 0; i < 4; i++) {
        events.push(
          event(`B-${i}`, {
            consumerRef: 'group:default/team-b',
            openedAt: at(-1440 + i),
          }),
        );
      }
      // team-c: two late events, then five at one instant (minute 105, as
      // team-a's A-105): 502 events are opened at or after minute 105, so
      // that a page of the 500 latest cuts these ties.
      events.push(
        event('C-late-1', {
          consumerRef: 'group:default/team-c',
          openedAt: at(550),
        }),
        event('C-late-2', {
          consumerRef: 'group:default/team-c',
          openedAt: at(550),
        }),
      );
      for (let i = 0; i < 5; i++) {
        events.push(
          event(`C-tie-${i}`, {
            consumerRef: 'group:default/team-c',
            openedAt: at(105),
          }),
        );
      }
      await store.upsertEvents(events, new Date('2026-11-20T00:00:00Z'));
      const latest: ConsumerEvent[] = [];
      await store.consumerLatest(
        [PAYMENTS],
        new Date('2026-11-01T00:00:00Z'),
        [
          'group:default/team-a',
          'group:default/team-b',
          'group:default/team-c',
        ],
        { recent: 3 },
        theirs => latest.push(...theirs),
      );
      const byTeam = (team: string) =>
        latest
          .filter(e => e.consumerRef === `group:default/${team}`)
          .map(e => (e.openedAtMs - t0) / 60_000)
          .sort((x, y) => y - x);
      // The 3 latest of team-a; team-b's 3 latest (a day before t0, none
      // among the 500 latest of all); team-c's 3rd latest is minute 105: its
      // two late events and all five ties.
      expect(byTeam('team-a')).toEqual([599, 598, 597]);
      expect(byTeam('team-b')).toEqual([-1437, -1438, -1439]);
      expect(byTeam('team-c')).toEqual([550, 550, 105, 105, 105, 105, 105]);
      const ids = await store.eventsByIds(
        latest
          .filter(e => e.consumerRef === 'group:default/team-c')
          .map(e => e.id),
      );
      expect(ids.map(e => e.externalId).sort()).toEqual([
        'C-late-1',
        'C-late-2',
        'C-tie-0',
        'C-tie-1',
        'C-tie-2',
        'C-tie-3',
        'C-tie-4',
      ]);
    });

    it('stores instants before year 1000 and after 9999 as the instants they are', async () => {
      const { store } = await createStore();
      const instants = [
        '0000-12-31T10:00:00.000Z',
        '-000001-06-01T00:00:00.000Z',
        '0001-01-01T00:00:00.000Z',
        '0999-05-05T01:02:03.004Z',
        '2026-11-20T10:00:00.000Z',
        '+010000-01-01T00:00:00.000Z',
      ];
      const events = instants.map((openedAt, i) =>
        event(`Y-${i}`, { openedAt, resolvedAt: openedAt }),
      );
      expect(
        await store.upsertEvents(events, new Date('2026-11-21T00:00:00Z')),
      ).toEqual({ inserted: 6, updated: 0, unchanged: 0 });
      const stored = await store.listEvents({ entityRefs: [PAYMENTS] });
      expect(
        stored.map(e => [e.externalId, e.openedAt, e.resolvedAt]).sort(),
      ).toEqual(events.map(e => [e.externalId, e.openedAt, e.openedAt]).sort());
      // The same again: unchanged, compared as instants.
      expect(
        await store.upsertEvents(events, new Date('2026-11-22T00:00:00Z')),
      ).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
    });

    it('tells when the events of many entities last changed, whether or not they are among the latest changes', async () => {
      const { store } = await createStore();
      const many = Array.from(
        { length: 150 },
        (_, i) => `component:default/many-${i}`,
      );
      await store.upsertEvents(
        many.map((entityRef, i) => event(`M-${i}`, { entityRef })),
        new Date('2026-11-01T00:00:00Z'),
      );
      await store.upsertEvents(
        [event('M-late', { entityRef: many[7] })],
        new Date('2026-11-02T00:00:00Z'),
      );
      expect(await store.lastUpdatedAt(many)).toBe('2026-11-02T00:00:00.000Z');
      // 1,100 later changes of another entity: past the latest ones read.
      await store.upsertEvents(
        Array.from({ length: 1100 }, (_, i) => event(`O-${i}`)),
        new Date('2026-11-03T00:00:00Z'),
      );
      expect(await store.lastUpdatedAt(many)).toBe('2026-11-02T00:00:00.000Z');
      expect(await store.lastUpdatedAt([...many, PAYMENTS])).toBe(
        '2026-11-03T00:00:00.000Z',
      );
      const none = Array.from(
        { length: 120 },
        (_, i) => `component:default/none-${i}`,
      );
      expect(await store.lastUpdatedAt(none)).toBeNull();
    });

    it('walks the earliest events in time order, leaving out the entities asked', async () => {
      const { store } = await createStore();
      await store.upsertEvents(
        [
          event('A1', {
            entityRef: 'component:default/a',
            openedAt: '2026-10-01T00:00:00.000Z',
          }),
          event('A2', {
            entityRef: 'component:default/a',
            openedAt: '2026-10-02T00:00:00.000Z',
          }),
          event('B1', {
            entityRef: 'component:default/b',
            openedAt: '2026-10-03T00:00:00.000Z',
          }),
          event('C1', {
            entityRef: 'component:default/c',
            openedAt: '2026-10-05T00:00:00.000Z',
          }),
        ],
        new Date('2026-12-01T00:00:00Z'),
      );
      expect(
        await store.earliestEvents({
          before: new Date('2026-10-05T00:00:00Z'),
          excluding: [],
          limit: 10,
        }),
      ).toEqual([
        {
          entityRef: 'component:default/a',
          openedAt: '2026-10-01T00:00:00.000Z',
        },
        {
          entityRef: 'component:default/a',
          openedAt: '2026-10-02T00:00:00.000Z',
        },
        {
          entityRef: 'component:default/b',
          openedAt: '2026-10-03T00:00:00.000Z',
        },
      ]);
      expect(
        await store.earliestEvents({
          excluding: ['component:default/a'],
          limit: 1,
        }),
      ).toEqual([
        {
          entityRef: 'component:default/b',
          openedAt: '2026-10-03T00:00:00.000Z',
        },
      ]);
    });

    it('inserts new events and reads them back exactly, oldest first', async () => {
      const { store } = await createStore();
      const full = event('OPS-2', {
        consumerRef: 'group:default/team-checkout',
        openedAt: '2026-11-17T10:00:00.000Z',
        resolvedAt: '2026-11-17T12:30:00.000Z',
        category: 'access',
        severity: 'P3',
        title: 'Cannot rotate API key',
        url: 'https://jira.example.com/browse/OPS-2',
      });
      expect(
        await store.upsertEvents(
          [full, event('OPS-1')],
          new Date('2026-11-20T00:00:00Z'),
        ),
      ).toEqual({ inserted: 2, updated: 0, unchanged: 0 });

      const listed = await store.listEvents({ entityRefs: [PAYMENTS] });
      expect(listed).toEqual([
        {
          ...event('OPS-1'),
          receivedAt: '2026-11-20T00:00:00.000Z',
          updatedAt: '2026-11-20T00:00:00.000Z',
        },
        {
          ...full,
          receivedAt: '2026-11-20T00:00:00.000Z',
          updatedAt: '2026-11-20T00:00:00.000Z',
        },
      ]);
      // openedFrom is inclusive: 17 Nov 10:00 keeps OPS-2 only
      expect(
        (
          await store.listEvents({
            entityRefs: [PAYMENTS],
            openedFrom: new Date('2026-11-17T10:00:00Z'),
          })
        ).map(e => e.externalId),
      ).toEqual(['OPS-2']);
      expect(
        await store.listEvents({ entityRefs: ['component:default/other'] }),
      ).toEqual([]);
    });

    it('updates an event sent again with changes, and leaves an identical one alone', async () => {
      const { knex, store } = await createStore();
      await store.upsertEvents(
        [event('OPS-1'), event('OPS-2')],
        new Date('2026-11-20T00:00:00Z'),
      );
      // OPS-1 resolved later; OPS-2 sent again unchanged; OPS-3 new
      const result = await store.upsertEvents(
        [
          event('OPS-1', { resolvedAt: '2026-11-18T09:00:00.000Z' }),
          event('OPS-2'),
          event('OPS-3'),
        ],
        new Date('2026-11-21T00:00:00Z'),
      );
      expect(result).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
      expect(await knex('support_events').count({ n: '*' })).toEqual([
        { n: databaseId.startsWith('POSTGRES') ? '3' : 3 },
      ]);
      const byId = new Map(
        (await store.listEvents({ entityRefs: [PAYMENTS] })).map(e => [
          e.externalId,
          e,
        ]),
      );
      expect(byId.get('OPS-1')).toEqual(
        expect.objectContaining({
          resolvedAt: '2026-11-18T09:00:00.000Z',
          receivedAt: '2026-11-20T00:00:00.000Z',
          updatedAt: '2026-11-21T00:00:00.000Z',
        }),
      );
      expect(byId.get('OPS-2')?.updatedAt).toBe('2026-11-20T00:00:00.000Z');
      // Removing an optional field is a change too
      expect(
        await store.upsertEvents(
          [event('OPS-1')],
          new Date('2026-11-22T00:00:00Z'),
        ),
      ).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(byId.size).toBe(3);
    });

    it('writes a batch larger than one statement: new, changed and unchanged events of two sources, and a replay changes nothing', async () => {
      const { knex, store } = await createStore();
      const at = (i: number) =>
        new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString();
      const batch = (n: number, changedBelow = 0) =>
        Array.from({ length: n }, (_, i) =>
          event(`OPS-${i}`, {
            source: i % 2 === 0 ? 'jira' : 'pagerduty',
            entityRef: `component:default/svc-${i % 37}`,
            consumerRef:
              i % 3 === 0 ? undefined : `group:default/team-${i % 5}`,
            openedAt: at(i),
            ...(i % 4 === 0 ? { resolvedAt: at(i + 30) } : {}),
            title: i < changedBelow ? `changed ${i}` : `event ${i}`,
          }),
        );
      expect(
        await store.upsertEvents(batch(600), new Date('2026-11-20T00:00:00Z')),
      ).toEqual({ inserted: 600, updated: 0, unchanged: 0 });
      // 100 of the stored 600 changed, 500 the same, 2,000 new: more than one
      // statement's share of lookups and inserts on either database.
      expect(
        await store.upsertEvents(
          batch(2600, 100),
          new Date('2026-11-21T00:00:00Z'),
        ),
      ).toEqual({ inserted: 2000, updated: 100, unchanged: 500 });
      expect(
        await store.upsertEvents(
          batch(2600, 100),
          new Date('2026-11-22T00:00:00Z'),
        ),
      ).toEqual({ inserted: 0, updated: 0, unchanged: 2600 });
      const [{ n }] = await knex('support_events').count({ n: '*' });
      expect(Number(n)).toBe(2600);

      const svc5 = await store.listEvents({
        entityRefs: ['component:default/svc-5'],
      });
      const expected = batch(2600, 100).filter(
        e => e.entityRef === 'component:default/svc-5',
      );
      expect(svc5).toEqual(
        expected.map(e => ({
          ...e,
          receivedAt:
            Number(e.externalId.slice(4)) < 600
              ? '2026-11-20T00:00:00.000Z'
              : '2026-11-21T00:00:00.000Z',
          updatedAt:
            Number(e.externalId.slice(4)) < 600 &&
            Number(e.externalId.slice(4)) >= 100
              ? '2026-11-20T00:00:00.000Z'
              : '2026-11-21T00:00:00.000Z',
        })),
      );
      // Inserted and updated rows compare alike against a bound instant.
      expect(
        (
          await store.listEvents({
            entityRefs: ['component:default/svc-5'],
            openedFrom: new Date(at(2000)),
          })
        ).map(e => e.externalId),
      ).toEqual(
        expected
          .filter(e => Number(e.externalId.slice(4)) >= 2000)
          .map(e => e.externalId),
      );
    });

    it('keeps the same externalId of two sources apart', async () => {
      const { store } = await createStore();
      expect(
        await store.upsertEvents(
          [event('42'), event('42', { source: 'github' })],
          new Date('2026-11-20T00:00:00Z'),
        ),
      ).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    });

    it('writes nothing when one row of a batch fails: the whole transaction rolls back', async () => {
      const { store } = await createStore();
      await store.upsertEvents(
        [event('OPS-7')],
        new Date('2026-11-20T00:00:00Z'),
      );
      // OPS-7 is updated first, then the insert of OPS-8 and OPS-9 fails on the
      // NOT NULL entity_ref of OPS-9 (the service validates before this; the
      // store still must not leave half a batch behind).
      const broken = {
        ...event('OPS-9'),
        entityRef: null as unknown as string,
      };
      await expect(
        store.upsertEvents(
          [event('OPS-8'), event('OPS-7', { title: 'changed' }), broken],
          new Date('2026-11-21T00:00:00Z'),
        ),
      ).rejects.toMatchObject({
        message: expect.stringMatching(/not.null/i),
      });
      expect(await store.listEvents({ entityRefs: [PAYMENTS] })).toEqual([
        {
          ...event('OPS-7'),
          receivedAt: '2026-11-20T00:00:00.000Z',
          updatedAt: '2026-11-20T00:00:00.000Z',
        },
      ]);
    });

    it('lists recent events newest first, limited, with the total', async () => {
      const { store } = await createStore();
      await store.upsertEvents(
        [
          event('A', { openedAt: '2026-11-10T00:00:00.000Z' }),
          event('B', { openedAt: '2026-11-12T00:00:00.000Z' }),
          event('C', { openedAt: '2026-11-11T00:00:00.000Z' }),
        ],
        new Date('2026-11-20T00:00:00Z'),
      );
      const { events, total } = await store.recentEvents(PAYMENTS, 2);
      expect(events.map(e => e.externalId)).toEqual(['B', 'C']);
      expect(total).toBe(3);
    });

    it('tells when events last changed and when the earliest was opened', async () => {
      const { store } = await createStore();
      expect(await store.lastUpdatedAt([PAYMENTS])).toBeNull();
      expect(await store.earliestOpenedAt()).toBeNull();
      await store.upsertEvents([event('A')], new Date('2026-11-20T00:00:00Z'));
      await store.upsertEvents(
        [event('B', { openedAt: '2026-11-01T00:00:00.000Z' })],
        new Date('2026-11-21T00:00:00Z'),
      );
      expect(await store.lastUpdatedAt([PAYMENTS])).toBe(
        '2026-11-21T00:00:00.000Z',
      );
      expect(await store.earliestOpenedAt()).toBe('2026-11-01T00:00:00.000Z');
    });

    it('keeps a source cursor, its last success and its last error', async () => {
      const { store } = await createStore();
      expect(await store.getSourceState('pagerduty')).toBeNull();
      await store.recordSourceSuccess(
        'pagerduty',
        '2026-11-20T00:00:00.000Z',
        new Date('2026-11-20T00:05:00Z'),
      );
      await store.recordSourceError(
        'pagerduty',
        'HTTP 500',
        new Date('2026-11-20T00:20:00Z'),
      );
      expect(await store.getSourceState('pagerduty')).toEqual({
        sourceId: 'pagerduty',
        cursor: '2026-11-20T00:00:00.000Z',
        lastRunAt: '2026-11-20T00:20:00.000Z',
        lastSuccessAt: '2026-11-20T00:05:00.000Z',
        lastErrorAt: '2026-11-20T00:20:00.000Z',
        lastError: 'HTTP 500',
      });
      await store.recordSourceSuccess(
        'pagerduty',
        '2026-11-20T00:30:00.000Z',
        new Date('2026-11-20T00:35:00Z'),
      );
      expect(await store.getSourceState('pagerduty')).toEqual(
        expect.objectContaining({
          cursor: '2026-11-20T00:30:00.000Z',
          lastSuccessAt: '2026-11-20T00:35:00.000Z',
          lastError: 'HTTP 500',
        }),
      );
    });

    it("keeps the journey step and the requester's hash of an event, never returning the hash", async () => {
      const { store } = await createStore();
      const named = {
        ...event('OPS-9', { openedAt: '2026-11-18T10:00:00.000Z' }),
        journeyRef: 'journey:default/first-service',
        journeyStepId: 'first-deploy',
        requesterHash: 'a'.repeat(64),
      };
      const anonymous = {
        ...event('OPS-10'),
        journeyRef: 'journey:default/first-service',
        journeyStepId: 'first-deploy',
      };
      const at = new Date('2026-11-20T00:00:00Z');
      expect(await store.upsertEvents([named, anonymous], at)).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
      });
      // Replayed: unchanged; another requester: updated.
      expect(await store.upsertEvents([named, anonymous], at)).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 2,
      });
      expect(
        await store.upsertEvents(
          [{ ...named, requesterHash: 'b'.repeat(64) }],
          at,
        ),
      ).toEqual({ inserted: 0, updated: 1, unchanged: 0 });

      const listed = await store.listEvents({ entityRefs: [PAYMENTS] });
      expect(listed.map(e => e.externalId)).toEqual(['OPS-10', 'OPS-9']);
      expect(listed[1]).toMatchObject({
        journeyRef: 'journey:default/first-service',
        journeyStepId: 'first-deploy',
      });
      for (const e of listed) {
        expect(e).not.toHaveProperty('requesterHash');
        expect(e).not.toHaveProperty('requester');
      }
      // Only events of a known person count for the journey.
      expect(
        await store.journeySupportEvents('journey:default/first-service'),
      ).toEqual([
        {
          subjectHash: 'b'.repeat(64),
          journeyRef: 'journey:default/first-service',
          stepId: 'first-deploy',
          entityRef: PAYMENTS,
          at: '2026-11-18T10:00:00.000Z',
        },
      ]);
      expect(await store.journeySupportEvents('journey:default/other')).toEqual(
        [],
      );
    });

    it('deletes the events opened before now minus the retention, earliest first, a bounded transaction at a time', async () => {
      const { store } = await createStore();
      const retentionMs = 100 * DAY;
      // The cut: 28 Aug 2026 06:00 UTC. Five events before it (the last one
      // a millisecond before), one exactly at it, two after.
      const cut = NOW.getTime() - retentionMs;
      const iso = (ms: number) => new Date(ms).toISOString();
      await store.upsertEvents(
        [
          event('OLD-1', { openedAt: iso(cut - 300 * DAY) }),
          event('OLD-2', { openedAt: iso(cut - 20 * DAY) }),
          event('OLD-3', { openedAt: iso(cut - 2 * DAY) }),
          event('OLD-4', { openedAt: iso(cut - DAY) }),
          event('OLD-5', { openedAt: iso(cut - 1) }),
          event('AT-CUT', { openedAt: iso(cut) }),
          event('NEW-1', { openedAt: iso(cut + DAY) }),
          event('NEW-2', { openedAt: '2026-12-07T05:00:00.000Z' }),
        ],
        NOW,
      );
      const before = await store.writeVersion();

      // Two a transaction: 2 + 2 + 1, then it stops (fewer than a batch).
      const calls: number[] = [];
      const counting = {
        deleteOpenedBefore: async (at: Date, limit: number) => {
          const n = await store.deleteOpenedBefore(at, limit);
          calls.push(n);
          return n;
        },
      };
      expect(
        await applySupportRetention({
          store: counting,
          retentionMs,
          now: NOW,
          batch: 2,
        }),
      ).toBe(5);
      expect(calls).toEqual([2, 2, 1]);

      const left = await store.listEvents({
        entityRefs: ['component:default/payments-service'],
      });
      expect(left.map(e => e.externalId)).toEqual(['AT-CUT', 'NEW-1', 'NEW-2']);
      expect(await store.earliestOpenedAt()).toBe(iso(cut));
      // Kept answers are retired on every replica.
      const after = await store.writeVersion();
      expect(after).not.toBe(before);

      // Run again: nothing to delete, the counter stays.
      expect(
        await applySupportRetention({ store, retentionMs, now: NOW }),
      ).toBe(0);
      expect(await store.writeVersion()).toBe(after);
    });

    it('bumps the counters of the parts of the entities a push inserted into, and every part for any other write', async () => {
      const { store } = await createStore();
      const other = 'component:default/build-runner';
      expect(writePartOf(other)).not.toBe(writePartOf(PAYMENTS));
      const parts = async () => {
        const v = await store.writeVersions();
        return {
          all: v.all,
          payments: v.part(writePartOf(PAYMENTS)),
          other: v.part(writePartOf(other)),
        };
      };
      const start = await parts();
      // Every part has its counter (none falls back to every write's).
      const versions = await store.writeVersions();
      for (let p = 0; p < WRITE_PARTS; p++) {
        expect(versions.part(p)).toMatch(/^part /);
      }

      // Inserted only: every write's counter and the payments part's.
      await store.upsertEvents([event('P-1')], NOW);
      const inserted = await parts();
      expect(inserted.all).not.toBe(start.all);
      expect(inserted.payments).not.toBe(start.payments);
      expect(inserted.other).toBe(start.other);

      // A replay changes nothing.
      await store.upsertEvents([event('P-1')], NOW);
      expect(await parts()).toEqual(inserted);

      // Changed (moved to the other entity): every part.
      await store.upsertEvents([event('P-1', { entityRef: other })], NOW);
      const updated = await parts();
      expect(updated.all).not.toBe(inserted.all);
      expect(updated.payments).not.toBe(inserted.payments);
      expect(updated.other).not.toBe(inserted.other);

      // Deleted by the retention: every part.
      await store.deleteOpenedBefore(new Date('2027-01-01T00:00:00Z'), 10);
      const deleted = await parts();
      expect(deleted.payments).not.toBe(updated.payments);
      expect(deleted.other).not.toBe(updated.other);
    });

    it('runs as a task that logs what it deleted', async () => {
      const { store } = await createStore();
      await store.upsertEvents(
        [
          event('OLD', { openedAt: '2026-01-05T09:00:00.000Z' }),
          event('NEW', { openedAt: '2026-12-01T09:00:00.000Z' }),
        ],
        NOW,
      );
      const logger = mockServices.logger.mock();
      const task = new SupportRetentionTask(new ConfigReader({}), {
        store,
        retentionMs: 200 * DAY,
        logger,
        now: () => NOW,
      });
      expect(task.id).toBe('customer-impact-support-retention');
      expect(task.schedule.frequency).toEqual({ hours: 24 });
      await task.run({ signal: new AbortController().signal });
      expect(logger.info).toHaveBeenCalledWith(
        'Support retention: deleted 1 events opened before 2026-05-21T06:00:00.000Z',
      );
      const left = await store.listEvents({
        entityRefs: ['component:default/payments-service'],
      });
      expect(left.map(e => e.externalId)).toEqual(['NEW']);
    });
  },
);

// SQLite keeps text of any length in a varchar column.
describe.each(
  databases.eachSupportedId().filter(([id]) => id.startsWith('POSTGRES')),
)('DatabaseSupportStore on %p, column lengths', databaseId => {
  it('refuses a field longer than its column, writing nothing (the service refuses it first, naming the field)', async () => {
    const knex = await databases.init(databaseId);
    const store = await DatabaseSupportStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const tooLong = event('OPS-11', { severity: 's'.repeat(33) });
    await expect(
      store.upsertEvents([event('OPS-10'), tooLong], NOW),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /too long for type character varying\(32\)/,
      ),
    });
    expect(await store.listEvents({ entityRefs: [PAYMENTS] })).toEqual([]);
  });
});
