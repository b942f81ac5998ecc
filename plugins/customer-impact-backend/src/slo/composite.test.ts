import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SloFacetConfigured } from '@customer-impact/plugin-customer-impact-common';
import { promises as fs } from 'fs';
import knexFactory from 'knex';
import os from 'os';
import path from 'path';
import { SloService } from './SloService';
import { createSloStores } from './stores';

jest.setTimeout(60_000);

const NOW = new Date('2026-11-21T12:02:30Z');
const GRID = Date.parse('2026-11-21T12:00:00Z');
const FIVE_MIN = 300_000;

/** A composite of two objectives, each with its own SLI and weight. */
const COMPOSITE = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: journey
  displayName: Checkout journey
spec:
  service: checkout
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives:
    - displayName: API
      target: 0.999
      compositeWeight: 3
      indicator:
        metadata: { name: api-ok }
        spec:
          ratioMetric:
            bad: { metricSource: { spec: { query: pushed } } }
            total: { metricSource: { spec: { query: pushed } } }
    - displayName: Payments
      target: 0.99
      indicator:
        metadata: { name: payments-ok }
        spec:
          ratioMetric:
            bad: { metricSource: { spec: { query: pushed } } }
            total: { metricSource: { spec: { query: pushed } } }
`;

describe('a composite SLO in the summary', () => {
  it('shows the composite with each member’s figures, from samples pushed per member', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-composite-'));
    await fs.writeFile(path.join(dir, 'slos.yaml'), COMPOSITE);
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
          'customer-impact/openslo': './slos.yaml',
        },
      },
      spec: { owner: 'group:default/checkout' },
    };
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const service = new SloService({
      ...(await createSloStores({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      })),
      urlReader: mockServices.urlReader.mock(),
      catalog: catalogServiceMock({ entities: [entity] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      sliSources: new Map(),
      fineRetentionDays: 35,
      now: () => NOW,
    });
    // The last hour: the API 1 bad per 1,000 (C = 0.001 / 0.001 = 1), the
    // payments 5 per 1,000 (C = 0.005 / 0.01 = 0.5).
    const push = (slo: string, bad: number) =>
      Array.from({ length: 12 }, (_, i) => ({
        entityRef: 'component:default/checkout',
        slo,
        start: new Date(GRID - (i + 1) * FIVE_MIN).toISOString(),
        durationSeconds: 300,
        bad,
        total: 1000,
      }));
    await service.pushSamples({
      samples: [...push('journey:0', 1), ...push('journey:1', 5)],
    });

    const facet = (await service.getFacet(entity)) as SloFacetConfigured;
    // One SLO: the composite; its members are within it.
    expect(facet.slos.map(s => s.key)).toEqual(['journey']);
    const journey = facet.slos[0];
    // C = (3 · 1 + 1 · 0.5) / 4 = 0.875 → 12.5 % left.
    expect(journey.budgetRemaining).toBeCloseTo(0.125, 12);
    expect(journey.supported).toBe(true);
    expect(journey.lastSampleAt).toBe(new Date(GRID).toISOString());
    expect(
      journey.members!.map(m => [
        m.key,
        m.displayName,
        m.weight,
        m.target,
        m.budgetRemaining,
      ]),
    ).toEqual([
      ['journey:0', 'API', 3, 0.999, expect.closeTo(0, 12)],
      ['journey:1', 'Payments', 1, 0.99, expect.closeTo(0.5, 12)],
    ]);

    const detail = await service.getSloDetail(entity, 'journey', 2);
    expect(detail.slo.key).toBe('journey');
    expect(detail.burndown.map(p => p.remaining)).toEqual([
      expect.closeTo(1, 12),
      expect.closeTo(0.125, 12),
    ]);
    // A member alone, as the SLO tab asks for it.
    const api = await service.getSloDetail(entity, 'journey:0', 2);
    expect(api.slo.budgetRemaining).toBeCloseTo(0, 12);
  });
});
