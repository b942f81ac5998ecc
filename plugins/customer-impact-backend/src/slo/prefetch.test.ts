import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_OPENSLO } from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { SummaryScope } from '../facets';
import { SloSampleRow } from './SloSampleStore';
import { createTestSloService } from './__testUtils__/sloService';
import { occurrencesSlo as definition } from './__testUtils__/occurrencesSlo';
import { storeSloDefinitions } from './__testUtils__/storeSloDefinitions';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const REF = 'component:default/checkout';
const FIVE_MIN = 300_000;
const NOW = Date.parse('2026-11-21T12:07:00Z');

function entity(annotation: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      namespace: 'default',
      annotations: { [ANNOTATION_OPENSLO]: annotation },
    },
    spec: {},
  };
}

/** A scope whose catalog is never asked (the facet reads none here). */
function scope(): SummaryScope {
  return new SummaryScope(
    {
      getEntitiesByRefs: async () => {
        throw new Error('the SLO facet read the catalog');
      },
    },
    { $$type: '@backstage/BackstageCredentials', principal: { type: 'none' } },
  );
}

describe.each(databases.eachSupportedId())(
  'the SLO facet read ahead on %p',
  databaseId => {
    async function world() {
      const knex = await databases.init(databaseId);
      const service = await createTestSloService({
        knex,
        fineRetentionDays: 35,
        now: () => new Date(NOW),
      });
      // Two days of buckets, 1 % bad.
      const rows: SloSampleRow[] = [];
      const end = Math.floor(NOW / FIVE_MIN) * FIVE_MIN;
      for (let t = end - 2 * 86_400_000; t < end; t += FIVE_MIN) {
        rows.push({
          entityRef: REF,
          slo: 'availability',
          start: t,
          durationSeconds: 300,
          good: 99,
          total: 100,
        });
      }
      await service.samples.upsertSamples(rows);
      await storeSloDefinitions(service.state, REF, [definition()], NOW);
      // What the facet's reads were: each bucket and definitions read counted.
      let bucketReads = 0;
      let definitionReads = 0;
      knex.on('query', (q: { sql: string }) => {
        if (/slo_samples_fine/.test(q.sql)) {
          bucketReads += 1;
        }
        if (/from\s+["`]?slo_definitions["`]?\s+where/i.test(q.sql)) {
          definitionReads += 1;
        }
      });
      // The list of entities with SLOs is read on first use.
      service.entitiesWithSlos.storedRefOf(REF);
      await service.entitiesWithSlos.settled();
      return {
        service,
        reads: () => bucketReads,
        definitionReads: () => definitionReads,
      };
    }

    it('computes the facet from the stored definitions before the entity is read, and the summary uses it', async () => {
      const { service, reads } = await world();
      const expected = await service.getFacet(entity('./slos.yaml'));
      expect(expected.status).toBe('ok');
      const before = reads();

      const s = scope();
      service.prefetch('component:default/CHECKOUT', s);
      // The facet is computed into the summary's memo with nothing but the
      // ref (as stored, at the evaluation time): wait for it whole, every
      // read of it done, rather than for its first read.
      await s.memo(
        `slo-facet:${REF}:${Math.floor(NOW / FIVE_MIN) * FIVE_MIN}`,
        () => Promise.reject(new Error('the facet was not read ahead')),
      );
      const ahead = reads() - before;
      expect(ahead).toBeGreaterThan(0);
      const facet = await service.getFacet(entity('./slos.yaml'), undefined, s);
      expect(facet).toEqual(expected);
      // Nothing read again once the entity came.
      expect(reads() - before).toBe(ahead);
    });

    it('reads the stored definitions once for a facet computed alone (no summary)', async () => {
      const { service, definitionReads } = await world();
      const before = definitionReads();
      const facet = await service.getFacet(entity('./slos.yaml'));
      expect(facet.status).toBe('ok');
      expect(definitionReads() - before).toBe(1);
    });

    it('reads nothing ahead for an entity without stored definitions', async () => {
      const { service, reads } = await world();
      const before = reads();
      service.prefetch('component:default/other', scope());
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(reads()).toBe(before);
    });

    it('does not use what was computed ahead when the annotation changed since', async () => {
      const { service } = await world();
      const s = scope();
      service.prefetch(REF, s);
      // The entity now names another file: it is read (here it cannot be,
      // so the facet says so) instead of giving the stored definitions'
      // figures (status ok).
      const facet = await service.getFacet(
        entity('./other-slos.yaml'),
        undefined,
        s,
      );
      expect(facet.status).toBe('error');
    });
  },
);
