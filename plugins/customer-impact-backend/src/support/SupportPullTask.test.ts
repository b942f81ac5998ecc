import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  SupportEventSource,
  SupportPullRequest,
} from '@customer-impact/plugin-customer-impact-node';
import { createTestDatabases } from '../__testUtils__/databases';
import { demoCatalog } from '../__testUtils__/entities';
import {
  DEFAULT_SUPPORT_PULL_SCHEDULE,
  runSupportPull,
  SupportPullTask,
} from './SupportPullTask';
import { scheduleFacetTasks } from '../facets';
import { DatabaseSupportStore } from './SupportStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// Saturday 21 Nov 2026: the window starts 12 weeks before Monday 16 Nov, on 24 Aug.
const NOW = new Date('2026-11-21T12:00:00Z');

function fakeSource(
  answers: Array<
    (r: SupportPullRequest) => Promise<{ events: any[]; cursor?: string }>
  >,
) {
  const requests: SupportPullRequest[] = [];
  const source: SupportEventSource = {
    id: 'fake',
    async pull(r) {
      requests.push(r);
      return answers[requests.length - 1](r);
    },
  };
  return { source, requests };
}

const page = (externalId: string, extra: object = {}) => ({
  source: 'fake',
  externalId,
  entityRef: 'component:default/checkout',
  kind: 'page',
  openedAt: '2026-11-20T01:00:00Z',
  ...extra,
});

describe.each(databases.eachSupportedId())(
  'runSupportPull on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSupportStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return {
        store,
        catalog: catalogServiceMock({ entities: demoCatalog() }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
      };
    }

    it('pulls from the window start first, then from the stored cursor, updating what changed', async () => {
      const deps = await setup();
      const { source, requests } = fakeSource([
        async () => ({
          events: [page('A'), page('B')],
          cursor: '2026-11-20T01:00:00.000Z',
        }),
        async () => ({
          events: [page('A', { resolvedAt: '2026-11-20T02:00:00Z' })],
          cursor: '2026-11-21T12:00:00.000Z',
        }),
      ]);
      expect(await runSupportPull({ ...deps, source, now: () => NOW })).toEqual(
        { stored: 2, skipped: 0 },
      );
      expect(requests[0].since.toISOString()).toBe('2026-08-24T00:00:00.000Z');
      expect(requests[0].cursor).toBeUndefined();
      // the catalog's entities, for the source to pick from
      expect(requests[0].entities.map(e => e.metadata.name).sort()).toEqual([
        'billing',
        'checkout',
        'legacy-runner',
        'payments-v1',
        'payments-v2',
      ]);

      await runSupportPull({ ...deps, source, now: () => NOW });
      expect(requests[1].since.toISOString()).toBe('2026-11-20T01:00:00.000Z');
      expect(requests[1].cursor).toBe('2026-11-20T01:00:00.000Z');
      const events = await deps.store.listEvents({
        entityRefs: ['component:default/checkout'],
      });
      expect(events.map(e => [e.externalId, e.resolvedAt])).toEqual([
        ['A', '2026-11-20T02:00:00.000Z'],
        ['B', undefined],
      ]);
      expect(await deps.store.getSourceState('fake')).toEqual(
        expect.objectContaining({
          cursor: '2026-11-21T12:00:00.000Z',
          lastSuccessAt: NOW.toISOString(),
          lastError: null,
        }),
      );
    });

    it('skips and logs an invalid event, storing the rest', async () => {
      const deps = await setup();
      const { source } = fakeSource([
        async () => ({
          events: [page('A'), page('BAD', { openedAt: 'soon' }), page('A')],
        }),
      ]);
      expect(await runSupportPull({ ...deps, source, now: () => NOW })).toEqual(
        { stored: 1, skipped: 1 },
      );
      expect(deps.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Support source fake: skipped event "BAD": events[0].openedAt',
        ),
      );
    });

    it('records a failure and keeps the cursor, so the next run retries the same range', async () => {
      const deps = await setup();
      const { source, requests } = fakeSource([
        async () => ({ events: [], cursor: '2026-11-19T00:00:00.000Z' }),
        async () => {
          throw new Error('PagerDuty GET /incidents answered 500');
        },
        async () => ({ events: [] }),
      ]);
      await runSupportPull({
        ...deps,
        source,
        now: () => new Date('2026-11-21T10:00:00Z'),
      });
      expect(
        await runSupportPull({ ...deps, source, now: () => NOW }),
      ).toBeUndefined();
      expect(await deps.store.getSourceState('fake')).toEqual({
        sourceId: 'fake',
        cursor: '2026-11-19T00:00:00.000Z',
        lastRunAt: NOW.toISOString(),
        lastSuccessAt: '2026-11-21T10:00:00.000Z',
        lastErrorAt: NOW.toISOString(),
        lastError: 'PagerDuty GET /incidents answered 500',
      });
      await runSupportPull({ ...deps, source, now: () => NOW });
      expect(requests[2].since.toISOString()).toBe('2026-11-19T00:00:00.000Z');
    });
  },
);

describe('SupportPullTask', () => {
  it('schedules one global task per source', async () => {
    const scheduler = mockServices.scheduler.mock();
    const task = new SupportPullTask({
      config: mockServices.rootConfig(),
      source: { id: 'pagerduty', pull: async () => ({ events: [] }) },
      store: {} as any,
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    await scheduleFacetTasks({
      facets: [{ tasks: [task] } as any],
      scheduler,
      logger: mockServices.logger.mock(),
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'customer-impact-support-pull-pagerduty',
        scope: 'global',
        ...DEFAULT_SUPPORT_PULL_SCHEDULE,
      }),
    );
  });
});
