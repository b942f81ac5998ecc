import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  CustomerImpactSourcesExtensionPoint,
  SliSource,
  customerImpactSourcesExtensionPoint,
} from '@customer-impact/plugin-customer-impact-node';
import { customerImpactModulePrometheus } from './module';
import { PrometheusSliSource } from './PrometheusSliSource';

describe('customerImpactModulePrometheus', () => {
  it('adds a Prometheus SLI source through the extension point', async () => {
    const added: SliSource[] = [];
    const host = createBackendPlugin({
      pluginId: 'customer-impact',
      register(env) {
        // Only addSliSource is used by this module; the other methods are
        // left out on purpose (calling one would fail the test).
        const point: Partial<CustomerImpactSourcesExtensionPoint> = {
          addSliSource: source => {
            added.push(source);
          },
        };
        env.registerExtensionPoint(
          customerImpactSourcesExtensionPoint,
          point as CustomerImpactSourcesExtensionPoint,
        );
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    await startTestBackend({
      features: [host, customerImpactModulePrometheus],
    });
    expect(added).toHaveLength(1);
    expect(added[0]).toBeInstanceOf(PrometheusSliSource);
    expect(added[0].type).toBe('prometheus');
  });
});
