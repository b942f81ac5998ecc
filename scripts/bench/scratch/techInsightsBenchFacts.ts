/*
 * Benchmark only: copied into the scratch copy of the demo backend by
 * scripts/bench/setup-scratch.sh, never part of the product.
 *
 * A tech-insights fact retriever ("benchFactRetriever") that stores five
 * synthetic facts for every Component: testCoverage, openVulnerabilities,
 * daysSinceLastDeploy (integers), hasReadme, hasCiPipeline (booleans), the
 * same facts the tech-insights anchor measured, derived from a hash of the
 * entity's name so every run stores the same facts.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  FactRetriever,
  TechInsightFact,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';

/** 32-bit FNV-1a of `salt:text`. */
function digest(text: string, salt: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${salt}:${text}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  }
  return h >>> 0;
}

function factsOf(name: string) {
  return {
    testCoverage: digest(name, 1) % 101,
    openVulnerabilities: digest(name, 2) % 4 === 0 ? digest(name, 3) % 12 : 0,
    daysSinceLastDeploy: digest(name, 4) % 90,
    hasReadme: digest(name, 5) % 10 !== 0,
    hasCiPipeline: digest(name, 6) % 5 !== 0,
  };
}

export default createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'customer-impact-bench-facts',
  register(reg) {
    reg.registerInit({
      deps: {
        retrievers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ retrievers, catalog, auth }) {
        const retriever: FactRetriever = {
          id: 'benchFactRetriever',
          version: '0.1.0',
          title: 'Benchmark facts',
          description: 'Synthetic facts for the side-by-side benchmark',
          entityFilter: [{ kind: 'component' }],
          schema: {
            testCoverage: { type: 'integer', description: 'Line coverage (%)' },
            openVulnerabilities: {
              type: 'integer',
              description: 'Open vulnerabilities',
            },
            daysSinceLastDeploy: {
              type: 'integer',
              description: 'Days since the last deploy',
            },
            hasReadme: { type: 'boolean', description: 'Has a README' },
            hasCiPipeline: {
              type: 'boolean',
              description: 'Has a CI pipeline',
            },
          },
          async handler() {
            const credentials = await auth.getOwnServiceCredentials();
            const facts: TechInsightFact[] = [];
            let cursor: string | undefined;
            for (;;) {
              const page: any = await catalog.queryEntities(
                cursor
                  ? { cursor, limit: 1000 }
                  : {
                      filter: { kind: 'Component' },
                      fields: ['kind', 'metadata.name', 'metadata.namespace'],
                      limit: 1000,
                    },
                { credentials },
              );
              for (const entity of page.items) {
                facts.push({
                  entity: {
                    kind: entity.kind,
                    namespace: entity.metadata.namespace ?? 'default',
                    name: entity.metadata.name,
                  },
                  facts: factsOf(entity.metadata.name),
                });
              }
              cursor = page.pageInfo?.nextCursor;
              if (!cursor) {
                return facts;
              }
            }
          },
        };
        retrievers.addFactRetrievers({ benchFactRetriever: retriever });
      },
    });
  },
});
