import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { customerImpactSourcesExtensionPoint } from '@customer-impact/plugin-customer-impact-node';
import { customerImpactModuleGitHub } from './module';
import { GitHubSupportSource } from './GitHubSupportSource';

describe('customerImpactModuleGitHub', () => {
  function extensionPoint() {
    return { addSliSource: jest.fn(), addSupportEventSource: jest.fn() };
  }

  it('adds the GitHub source when configured', async () => {
    const sources = extensionPoint();
    await startTestBackend({
      extensionPoints: [[customerImpactSourcesExtensionPoint, sources]],
      features: [
        customerImpactModuleGitHub,
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [{ host: 'github.com', token: 'gh-secret' }],
            },
            customerImpact: { sources: { github: {} } },
          },
        }),
      ],
    });
    expect(sources.addSupportEventSource).toHaveBeenCalledTimes(1);
    const source = sources.addSupportEventSource.mock.calls[0][0];
    expect(source).toBeInstanceOf(GitHubSupportSource);
    expect(source.id).toBe('github');
  });

  it('does nothing, and says so once, without configuration', async () => {
    const sources = extensionPoint();
    const logger = mockServices.logger.mock();
    await startTestBackend({
      extensionPoints: [[customerImpactSourcesExtensionPoint, sources]],
      features: [customerImpactModuleGitHub, logger.factory],
    });
    expect(sources.addSupportEventSource).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'GitHub support source not configured (customerImpact.sources.github); not pulling issues',
    );
  });

  it('refuses to start with the old customerImpact.sources.github.token', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [customerImpactSourcesExtensionPoint, extensionPoint()],
        ],
        features: [
          customerImpactModuleGitHub,
          mockServices.rootConfig.factory({
            data: {
              customerImpact: { sources: { github: { token: 'gh-secret' } } },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      'customerImpact.sources.github.token is no longer read: move the token to integrations.github',
    );
  });
});
