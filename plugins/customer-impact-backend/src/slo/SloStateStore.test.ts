import { mockServices } from '@backstage/backend-test-utils';
import { SloDefinitionsResult } from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  DatabaseSloStateStore,
  StoredSloDefinitions,
  storedDefinitionPages,
} from './SloStateStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const T0 = Date.parse('2026-11-20T10:00:00Z');

const RESULT: SloDefinitionsResult = {
  slos: [],
  dataSources: [],
  alertPolicies: [],
  problems: [
    {
      source: 'slos.yaml',
      severity: 'warning',
      documentIndex: 0,
      line: 3,
      kind: 'SLO',
      name: 'availability',
      path: 'spec',
      message: 'a warning',
    },
  ],
};

function definitions(
  entityRef: string,
  overrides: Partial<StoredSloDefinitions> = {},
): StoredSloDefinitions {
  return {
    entityRef,
    annotation: './slos.yaml',
    location: 'file:/catalog/slos.yaml',
    result: RESULT,
    fetchedAt: T0,
    attemptedAt: T0,
    fetchError: null,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseSloStateStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return DatabaseSloStateStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    }

    it('lists the stored definitions a page at a time, every entity once, as the whole list has them', async () => {
      const store = await createStore();
      const refs = [
        'component:default/e',
        'component:default/a',
        'api:default/c',
        'component:default/b-2',
        'component:default/b',
      ];
      for (const ref of refs) {
        await store.saveDefinitions(definitions(ref));
      }
      const pages: string[][] = [];
      for await (const page of storedDefinitionPages(store, 2)) {
        pages.push(page.map(d => d.entityRef));
      }
      expect(pages.map(p => p.length)).toEqual([2, 2, 1]);
      const whole = await store.listDefinitions();
      expect(pages.flat()).toEqual(whole.map(d => d.entityRef));
      expect([...pages.flat()].sort()).toEqual([...refs].sort());
      // A last page that is full ends with an empty read, yielding nothing.
      const byFive: number[] = [];
      for await (const page of storedDefinitionPages(store, 5)) {
        byFive.push(page.length);
      }
      expect(byFive).toEqual([5]);
    });

    it('stores, replaces and forgets the definitions of entities', async () => {
      const store = await createStore();
      await store.saveDefinitions(definitions('component:default/checkout'));
      await store.saveDefinitions(definitions('component:default/billing'));
      expect(await store.getDefinitions('component:default/checkout')).toEqual(
        definitions('component:default/checkout'),
      );
      expect(await store.getDefinitions('component:default/none')).toBe(
        undefined,
      );

      // A failed read: no result, an error, and the time of the attempt.
      const failed = definitions('component:default/checkout', {
        location: null,
        result: null,
        fetchedAt: null,
        attemptedAt: T0 + 60_000,
        fetchError: 'Could not read the SLO definitions: 404',
      });
      await store.saveDefinitions(failed);
      expect(await store.getDefinitions('component:default/checkout')).toEqual(
        failed,
      );
      expect((await store.listDefinitions()).map(d => d.entityRef)).toEqual([
        'component:default/billing',
        'component:default/checkout',
      ]);
      // A failed read is stored definitions too: the entity has the annotation.
      expect((await store.listDefinitionRefs()).sort()).toEqual([
        'component:default/billing',
        'component:default/checkout',
      ]);

      expect(
        await store.deleteDefinitionsExcept(['component:default/billing']),
      ).toBe(1);
      expect((await store.listDefinitions()).map(d => d.entityRef)).toEqual([
        'component:default/billing',
      ]);
      expect(await store.listDefinitionRefs()).toEqual([
        'component:default/billing',
      ]);
    });

    it('keeps the pull state of each SLO and replaces it on save', async () => {
      const store = await createStore();
      const row = {
        entityRef: 'component:default/checkout',
        slo: 'availability',
        lastDataAt: T0,
        fetchedUntil: T0 + 300_000,
        lastSuccessAt: T0,
        lastAttemptAt: T0,
        lastError: null,
      };
      await store.saveCollection(row);
      await store.saveCollection({ ...row, slo: 'latency', lastDataAt: null });
      const failed = {
        ...row,
        lastAttemptAt: T0 + 600_000,
        lastError: 'connection refused',
      };
      await store.saveCollection(failed);

      const states = await store.getCollection('component:default/checkout');
      expect([...states.keys()].sort()).toEqual(['availability', 'latency']);
      expect(states.get('availability')).toEqual(failed);
      expect(states.get('latency')?.lastDataAt).toBeNull();
      expect(await store.listCollection()).toHaveLength(2);
      expect(await store.getCollection('component:default/other')).toEqual(
        new Map(),
      );
    });

    it('keeps the alert state of each SLO and the state last notified', async () => {
      const store = await createStore();
      const paged = {
        entityRef: 'component:default/checkout',
        slo: 'availability',
        state: 'page' as const,
        notifiedState: 'page' as const,
        changedAt: T0,
        notifiedAt: T0,
      };
      await store.saveAlertState(paged);
      expect(
        (await store.getAlertStates('component:default/checkout')).get(
          'availability',
        ),
      ).toEqual(paged);

      const recovered = {
        ...paged,
        state: 'ok' as const,
        notifiedState: null,
        changedAt: T0 + 3_600_000,
        notifiedAt: null,
      };
      await store.saveAlertState(recovered);
      const states = await store.getAlertStates('component:default/checkout');
      expect(states.size).toBe(1);
      expect(states.get('availability')).toEqual(recovered);
    });
  },
);
