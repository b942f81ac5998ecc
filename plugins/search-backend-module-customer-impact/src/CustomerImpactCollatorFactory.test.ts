import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
// The test runs the real Customer Impact backend that the collator reads.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import customerImpactPlugin from '@customer-impact/plugin-customer-impact-backend';
import { AddressInfo } from 'net';
import { CustomerImpactCollatorFactory } from './CustomerImpactCollatorFactory';
import { CustomerImpactDocument } from './document';
import searchModule from './index';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';

jest.setTimeout(60_000);

/**
 * A small catalog: payments-v1 is deprecated, its sunset long passed
 * (2001-01-31, whatever day the test runs) and checkout consumes it; quiet
 * has nothing to find it by.
 */
function catalog(): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'payments-v1',
        namespace: 'default',
        title: 'Payments API v1',
        annotations: {
          'customer-impact/sunset': '2001-01-31',
          'customer-impact/replaced-by': 'api:default/payments-v2',
        },
      },
      spec: { type: 'openapi', lifecycle: 'deprecated', owner: 'platform' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/platform' },
        { type: 'apiConsumedBy', targetRef: 'component:default/checkout' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', namespace: 'default' },
      spec: {
        type: 'website',
        lifecycle: 'production',
        owner: 'team-checkout',
      },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
        { type: 'consumesApi', targetRef: 'api:default/payments-v1' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'quiet', namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner: 'platform' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
  ];
}

/** The Customer Impact backend, really running, and a discovery that finds it. */
async function customerImpactBackend(entities: Entity[]) {
  const { server } = await startTestBackend({
    features: [
      customerImpactPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.database.factory(),
    ],
  });
  const { port } = server.address() as AddressInfo;
  return {
    getBaseUrl: async (pluginId: string) =>
      `http://localhost:${port}/api/${pluginId}`,
    getExternalBaseUrl: async (pluginId: string) =>
      `http://localhost:${port}/api/${pluginId}`,
  };
}

function factory(
  discovery: Awaited<ReturnType<typeof customerImpactBackend>>,
  entities: Entity[],
  logger = mockServices.logger.mock(),
) {
  return CustomerImpactCollatorFactory.fromConfig(new ConfigReader({}), {
    auth: mockServices.auth(),
    discovery,
    catalog: catalogServiceMock({ entities }),
    logger,
  });
}

describe('CustomerImpactCollatorFactory', () => {
  it('collates the documents of a small catalog through the Customer Impact API', async () => {
    const discovery = await customerImpactBackend(catalog());
    const collator = factory(discovery, catalog());
    expect(collator.type).toBe('customer-impact');
    expect(collator.visibilityPermission.name).toBe(
      'customer-impact.entity.read',
    );

    const { documents } = await TestPipeline.fromCollator(
      await collator.getCollator(),
    ).execute();
    const docs = documents as CustomerImpactDocument[];
    // The group is not a collated kind; quiet has nothing to find it by.
    expect(docs.map(d => d.entityRef).sort()).toEqual([
      'api:default/payments-v1',
      'component:default/checkout',
    ]);

    const payments = docs.find(d => d.entityRef === 'api:default/payments-v1')!;
    expect(payments).toMatchObject({
      title: 'Payments API v1: customer impact',
      location: '/catalog/default/api/payments-v1',
      authorization: { resourceRef: 'api:default/payments-v1' },
      kind: 'api',
      owner: 'group:default/platform',
      deprecated: true,
      sunset: '2001-01-31',
      dependents: 1,
      sloState: 'not-configured',
      friction: 'not-configured',
      signals: expect.arrayContaining(['deprecated', 'sunset-passed']),
    });
    expect(payments.signals).not.toContain('sunset-soon');
    expect(payments.daysToSunset).toBeLessThan(0);
    expect(payments.text).toMatch(
      /^Deprecated\. Sunset passed on 2001-01-31 \(\d+ days ago\)\. Replaced by api:default\/payments-v2\. 1 dependent still on it, owned by team-checkout\./,
    );

    const checkout = docs.find(
      d => d.entityRef === 'component:default/checkout',
    )!;
    expect(checkout.signals).toEqual(
      expect.arrayContaining(['depends-on-deprecated']),
    );
    expect(checkout.deprecated).toBe(false);
    expect(checkout.text).toContain(
      'Depends on deprecated api:default/payments-v1 (sunset 2001-01-31), replaced by api:default/payments-v2.',
    );
  });

  it('skips an entity whose summary fails, and fails the run when none can be read', async () => {
    // The collator sees an entity that the Customer Impact backend's catalog
    // does not know: its summary is a 404.
    const ghost: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'ghost', namespace: 'default' },
      spec: {},
    };
    const discovery = await customerImpactBackend(catalog());
    const logger = mockServices.logger.mock();
    const { documents } = await TestPipeline.fromCollator(
      await factory(discovery, [...catalog(), ghost], logger).getCollator(),
    ).execute();
    expect(documents).toHaveLength(2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^No customer-impact search document for component:default\/ghost: ResponseError: Request failed with 404/,
      ),
    );

    const collator = factory(discovery, [ghost]);
    const failed = await TestPipeline.fromCollator(
      await collator.getCollator(),
    ).execute();
    expect(failed.documents).toEqual([]);
    expect(String(failed.error)).toMatch(
      /Could not read the customer impact of any of 1 entities; last error: ResponseError: Request failed with 404/,
    );
  });

  it('is added to the search index registry by the module, on its schedule', async () => {
    const addCollator = jest.fn();
    await startTestBackend({
      extensionPoints: [[searchIndexRegistryExtensionPoint, { addCollator }]],
      features: [
        searchModule,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            search: {
              collators: {
                customerImpact: {
                  schedule: {
                    frequency: { minutes: 5 },
                    timeout: { minutes: 3 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    expect(addCollator).toHaveBeenCalledTimes(1);
    expect(addCollator.mock.calls[0][0].factory.type).toBe('customer-impact');
  });

  it('refuses a bad option, naming the key', () => {
    expect(() =>
      CustomerImpactCollatorFactory.fromConfig(
        new ConfigReader({
          search: { collators: { customerImpact: { sunsetSoonDays: 0 } } },
        }),
        {
          auth: mockServices.auth(),
          discovery: mockServices.discovery(),
          catalog: catalogServiceMock(),
          logger: mockServices.logger.mock(),
        },
      ),
    ).toThrow(
      'search.collators.customerImpact.sunsetSoonDays must be a whole number above 0, got 0',
    );
  });
});
