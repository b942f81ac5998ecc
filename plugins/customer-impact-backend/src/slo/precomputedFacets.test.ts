import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_OPENSLO,
  SloFacetConfigured,
} from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { SloSampleRow } from './SloSampleStore';
import { SloService } from './SloService';
import { createTestSloService } from './__testUtils__/sloService';
import { occurrencesSlo } from './__testUtils__/occurrencesSlo';
import { storeSloDefinitions } from './__testUtils__/storeSloDefinitions';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const REF = 'component:default/checkout';
const FIVE_MIN = 300_000;
const DAY = 86_400_000;
/** 12:00 is the evaluation instant; the next one (12:05) is 4 minutes away. */
const INSTANT = Date.parse('2026-11-21T12:00:00Z');
const NOW = INSTANT + 60_000;

const ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { [ANNOTATION_OPENSLO]: './slos.yaml' },
  },
  spec: {},
};

/** Two days of 5-minute buckets before `end`, 999 good of 1,000 each. */
function twoDays(end: number): SloSampleRow[] {
  const rows: SloSampleRow[] = [];
  for (let t = end - 2 * DAY; t < end; t += FIVE_MIN) {
    rows.push({
      entityRef: REF,
      slo: 'availability',
      start: t,
      durationSeconds: 300,
      good: 999,
      total: 1000,
    });
  }
  return rows;
}

function sliOf(facet: { slos: Array<{ sli: number | null }> }) {
  return facet.slos[0].sli;
}

describe.each(databases.eachSupportedId())(
  'SLO facets computed ahead on %p',
  databaseId => {
    async function world(options: { minEvents?: number; knex?: Knex } = {}) {
      const knex = options.knex ?? (await databases.init(databaseId));
      const clock = { now: NOW };
      const service = await createTestSloService({
        knex,
        fineRetentionDays: 35,
        now: () => new Date(clock.now),
        minEvents: options.minEvents,
      });
      if (!options.knex) {
        await service.samples.upsertSamples(twoDays(INSTANT));
        await storeSloDefinitions(
          service.state,
          REF,
          [occurrencesSlo()],
          NOW - DAY,
        );
      }
      // Every computation of a facet from the buckets.
      const computations = jest.spyOn(service.evaluator, 'facetOf');
      /** The summary's SLO facet now, and how often it was computed for it. */
      const summaryFacet = async () => {
        computations.mockClear();
        const facet = (await service.getFacet(ENTITY)) as SloFacetConfigured;
        return { facet, computed: computations.mock.calls.length };
      };
      return { knex, clock, service, summaryFacet };
    }

    /** The facet at `at` computed from the buckets, whatever is stored ahead. */
    async function computedAfresh(
      service: SloService,
      at: number,
    ): Promise<SloFacetConfigured> {
      const stored = (await service.state.getDefinitions(REF))!;
      return service.evaluator.facetOf(stored, at);
    }

    it('serves the facet computed ahead, equal to the one computed afresh, without reading the buckets', async () => {
      const { service, summaryFacet } = await world();
      expect(await service.precomputeFacets()).toEqual({
        computed: 1,
        unchanged: 0,
        deleted: 0,
      });

      const { facet: served, computed } = await summaryFacet();
      expect(computed).toBe(0);
      // By hand: 576 buckets of 1,000 events, one bad each: 576 bad of
      // 576,000, SLI 0.999; 10 % of the 1 % budget spent.
      expect(sliOf(served)).toBeCloseTo(0.999, 12);
      expect(served.slos[0].budgetRemaining).toBeCloseTo(0.9, 12);
      const fresh = await computedAfresh(service, INSTANT);
      expect(served).toEqual(JSON.parse(JSON.stringify(fresh)));

      // A second run finds it computed from what is stored.
      expect(await service.precomputeFacets()).toEqual({
        computed: 0,
        unchanged: 1,
        deleted: 0,
      });
    });

    it('computes afresh after a push that changes a bucket, and serves the new figures once computed ahead again', async () => {
      const { service, summaryFacet } = await world();
      await service.precomputeFacets();
      // The bucket of 11:55 becomes all bad.
      await service.samples.upsertSamples([
        {
          entityRef: REF,
          slo: 'availability',
          start: INSTANT - FIVE_MIN,
          durationSeconds: 300,
          good: 0,
          total: 1000,
        },
      ]);
      const afterPush = await summaryFacet();
      expect(afterPush.computed).toBe(1);
      // By hand: 576 − 1 + 1,000 = 1,575 bad of 576,000.
      expect(sliOf(afterPush.facet)).toBeCloseTo(1 - 1575 / 576_000, 12);

      expect(await service.precomputeFacets()).toEqual({
        computed: 1,
        unchanged: 0,
        deleted: 0,
      });
      const served = await summaryFacet();
      expect(served.computed).toBe(0);
      expect(served.facet).toEqual(JSON.parse(JSON.stringify(afterPush.facet)));
    });

    it('keeps serving it after a replayed batch, which raises no version', async () => {
      const { service, summaryFacet } = await world();
      await service.precomputeFacets();
      const before = await service.samples.seriesOf(REF);
      const counts = await service.samples.upsertSamples(twoDays(INSTANT));
      expect(counts).toEqual({ inserted: 0, updated: 0, unchanged: 576 });
      expect(await service.samples.seriesOf(REF)).toEqual(before);
      expect((await summaryFacet()).computed).toBe(0);
    });

    it('computes afresh when the definitions or the pull state changed since', async () => {
      const { service, summaryFacet } = await world();
      await service.precomputeFacets();
      // The same SLO at 99.95 %: the same buckets, another budget.
      await storeSloDefinitions(
        service.state,
        REF,
        [{ ...occurrencesSlo(), target: 0.9995 }],
        NOW,
      );
      const stricter = await summaryFacet();
      expect(stricter.computed).toBe(1);
      // By hand: 0.1 % bad of a 0.05 % budget: twice the budget spent.
      expect(stricter.facet.slos[0].budgetRemaining).toBeCloseTo(-1, 12);

      await service.precomputeFacets();
      await service.state.saveCollection({
        entityRef: REF,
        slo: 'availability',
        lastDataAt: INSTANT,
        fetchedUntil: INSTANT,
        lastSuccessAt: NOW,
        lastAttemptAt: NOW,
        lastError: null,
      });
      expect((await summaryFacet()).computed).toBe(1);
    });

    it('computes the next instant ahead in the two minutes before it, serves it at that instant, and deletes past instants', async () => {
      const { clock, service, summaryFacet } = await world();
      clock.now = INSTANT + FIVE_MIN - 90_000;
      expect(await service.precomputeFacets()).toEqual({
        computed: 2,
        unchanged: 0,
        deleted: 0,
      });

      clock.now = INSTANT + FIVE_MIN + 10_000;
      const { facet: served, computed } = await summaryFacet();
      expect(computed).toBe(0);
      const fresh = await computedAfresh(service, INSTANT + FIVE_MIN);
      expect(served).toEqual(JSON.parse(JSON.stringify(fresh)));
      // No bucket of 12:00-12:05 came: at 12:05 the latest is 11:55.
      expect(served.slos[0].lastSampleAt).toBe(new Date(INSTANT).toISOString());

      expect(await service.precomputeFacets()).toEqual({
        computed: 0,
        unchanged: 1,
        deleted: 1,
      });
    });

    it('does not serve a facet computed ahead for another instant', async () => {
      const { clock, service, summaryFacet } = await world();
      await service.precomputeFacets();
      clock.now = INSTANT + FIVE_MIN;
      expect((await summaryFacet()).computed).toBe(1);
    });

    it('does not serve a facet computed by a backend with other settings', async () => {
      const { knex, service } = await world();
      await service.precomputeFacets();
      const other = await world({ knex, minEvents: 10_000_000 });
      const { facet, computed } = await other.summaryFacet();
      expect(computed).toBe(1);
      // Too few events for this backend's burn rates.
      expect(facet).toEqual(
        JSON.parse(
          JSON.stringify(await computedAfresh(other.service, INSTANT)),
        ),
      );
      expect(facet).not.toEqual(await service.getFacet(ENTITY));
    });

    it('raises the versions of the series whose buckets the roll-up job deleted, and of no other', async () => {
      const { service } = await world();
      // A second series whose buckets are all inside the fine retention.
      await service.samples.upsertSamples(
        twoDays(INSTANT).map(r => ({ ...r, slo: 'latency' })),
      );
      // Buckets 40 days old: rolled up and their fine buckets deleted.
      await service.samples.upsertSamples(
        twoDays(INSTANT - 38 * DAY).map(r => ({ ...r, slo: 'old' })),
      );
      const versions = async () =>
        Object.fromEntries(
          [...(await service.samples.seriesOf(REF))].map(([slo, s]) => [
            slo,
            s.version,
          ]),
        );
      const before = await versions();
      const { rolledUp } = await service.applyRetention();
      expect(rolledUp).toBeGreaterThan(0);
      const after = await versions();
      expect(after).toEqual({ ...before, old: before.old + 1 });
      expect(Object.keys(after).sort()).toEqual([
        'availability',
        'latency',
        'old',
      ]);
      // A run that deletes nothing raises none.
      await service.applyRetention();
      expect(await versions()).toEqual(after);
    });
  },
);
