import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { customerImpactSourcesExtensionPoint } from '@customer-impact/plugin-customer-impact-node';
import { customerImpactModulePagerDuty } from './module';
import { PagerDutySupportSource } from './PagerDutySupportSource';

describe('customerImpactModulePagerDuty', () => {
  function extensionPoint() {
    return { addSliSource: jest.fn(), addSupportEventSource: jest.fn() };
  }

  it('adds the PagerDuty source when configured', async () => {
    const sources = extensionPoint();
    await startTestBackend({
      extensionPoints: [[customerImpactSourcesExtensionPoint, sources]],
      features: [
        customerImpactModulePagerDuty,
        mockServices.rootConfig.factory({
          data: {
            customerImpact: { sources: { pagerduty: { token: 'pd-secret' } } },
          },
        }),
      ],
    });
    expect(sources.addSupportEventSource).toHaveBeenCalledTimes(1);
    const source = sources.addSupportEventSource.mock.calls[0][0];
    expect(source).toBeInstanceOf(PagerDutySupportSource);
    expect(source.id).toBe('pagerduty');
  });

  it('does nothing, and says so once, without configuration', async () => {
    const sources = extensionPoint();
    const logger = mockServices.logger.mock();
    await startTestBackend({
      extensionPoints: [[customerImpactSourcesExtensionPoint, sources]],
      features: [customerImpactModulePagerDuty, logger.factory],
    });
    expect(sources.addSupportEventSource).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'PagerDuty support source not configured (customerImpact.sources.pagerduty.token); not pulling incidents',
    );
  });
});
