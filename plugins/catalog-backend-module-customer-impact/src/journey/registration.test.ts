import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleCustomerImpact } from '../module';
import { JourneyEntitiesProcessor } from './JourneyEntitiesProcessor';

describe('catalogModuleCustomerImpact', () => {
  it('adds the JourneyEntitiesProcessor to the catalog', async () => {
    const added: unknown[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addProcessor: (...processors: unknown[]) => {
              added.push(...processors.flat());
            },
          },
        ],
      ],
      features: [catalogModuleCustomerImpact],
    });
    expect(added.some(p => p instanceof JourneyEntitiesProcessor)).toBe(true);
    await backend.stop();
  });
});
