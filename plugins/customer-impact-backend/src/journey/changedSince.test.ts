import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '../__testUtils__/databases';
import { journeysFacet } from './JourneysFacet';
import { JourneyService } from './JourneyService';
import { DatabaseJourneyStore } from './JourneyStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const journey: Entity = {
  apiVersion: 'customer-impact/v1alpha1',
  kind: 'Journey',
  metadata: { name: 'first-deploy', namespace: 'default' },
  spec: {
    owner: 'group:default/platform',
    persona: 'new-hire',
    stages: [
      {
        name: 'Create',
        steps: [
          { id: 'create', title: 'Create a service', entityRef: 'billing' },
          { id: 'read', title: 'Read the docs' },
        ],
      },
      {
        name: 'Ship',
        steps: [
          { id: 'deploy', title: 'Deploy it', entityRef: 'api:payments' },
        ],
      },
    ],
  },
};

describe.each(databases.eachSupportedId())(
  'the journeys facet tells the rollups what changed, on %p',
  databaseId => {
    it("names every step entity of a journey with new records, from the records' earliest time", async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseJourneyStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const service = JourneyService.fromConfig(
        mockServices.rootConfig({
          data: {
            customerImpact: {
              journeys: {
                subjectHashSecret: 'a-test-secret-of-16+',
                minPeople: 2,
              },
            },
          },
        }),
        {
          store,
          catalog: catalogServiceMock({ entities: [journey] }),
          permissions: mockServices.permissions(),
          logger: mockServices.logger.mock(),
        },
      );
      const facet = journeysFacet({
        service,
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions(),
        catalog: catalogServiceMock({ entities: [journey] }),
        auth: mockServices.auth(),
      });
      await store.writeEvents(
        [
          {
            eventId: 'e1',
            journeyRef: 'journey:default/first-deploy',
            stepId: 'create',
            subjectHash: 'h1',
            type: 'started',
            at: '2026-11-20T09:00:00Z',
          },
          // A journey the catalog does not have: nothing to recompute.
          {
            eventId: 'e2',
            journeyRef: 'journey:default/gone',
            stepId: 'x',
            subjectHash: 'h1',
            type: 'started',
            at: '2026-11-20T09:00:00Z',
          },
        ],
        new Date('2026-11-25T12:00:00Z'),
      );
      const changed = await facet.changedSince!(
        new Date('2026-11-25T11:59:00Z'),
      );
      // The step without an entity names none; refs take the journey's
      // namespace and the default kind (component).
      expect(changed).toEqual([
        {
          entityRef: 'component:default/billing',
          from: new Date('2026-11-20T09:00:00Z'),
        },
        {
          entityRef: 'api:default/payments',
          from: new Date('2026-11-20T09:00:00Z'),
        },
      ]);
      expect(
        await facet.changedSince!(new Date('2026-11-25T12:00:00Z')),
      ).toEqual([]);
    });
  },
);
