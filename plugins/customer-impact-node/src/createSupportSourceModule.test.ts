import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { customerImpactSourcesExtensionPoint } from './extensions';
import { createSupportSourceModule } from './createSupportSourceModule';
import { SupportEventSource } from './supportSources';

function extensionPoint() {
  return { addSliSource: jest.fn(), addSupportEventSource: jest.fn() };
}

const clockRef = createServiceRef<{ now(): Date }>({ id: 'test.clock' });
const clockFactory = createServiceFactory({
  service: clockRef,
  deps: {},
  factory: () => ({ now: () => new Date('2026-11-21T12:00:00Z') }),
});

describe('createSupportSourceModule', () => {
  it('builds the source from its config block and the extra services, and adds it', async () => {
    const sources = extensionPoint();
    const seen: unknown[] = [];
    const module = createSupportSourceModule({
      moduleId: 'tickets',
      configKey: 'customerImpact.sources.tickets',
      deps: { clock: clockRef, auth: coreServices.auth },
      create({ config, rootConfig, logger, clock, auth }) {
        seen.push(
          config.getString('token'),
          rootConfig.getString('app.title'),
          typeof logger.info,
          clock.now().toISOString(),
          typeof auth.getOwnServiceCredentials,
        );
        const source: SupportEventSource = {
          id: 'tickets',
          pull: async () => ({ events: [] }),
        };
        return source;
      },
    });
    await startTestBackend({
      extensionPoints: [[customerImpactSourcesExtensionPoint, sources]],
      features: [
        module,
        clockFactory,
        mockServices.rootConfig.factory({
          data: {
            app: { title: 'Portal' },
            customerImpact: { sources: { tickets: { token: 's3cret' } } },
          },
        }),
      ],
    });
    expect(seen).toEqual([
      's3cret',
      'Portal',
      'function',
      '2026-11-21T12:00:00.000Z',
      'function',
    ]);
    expect(sources.addSupportEventSource).toHaveBeenCalledTimes(1);
    expect(sources.addSupportEventSource.mock.calls[0][0].id).toBe('tickets');
  });

  it('does nothing, and says so once, without its config block', async () => {
    const sources = extensionPoint();
    const logger = mockServices.logger.mock();
    const create = jest.fn();
    await startTestBackend({
      extensionPoints: [[customerImpactSourcesExtensionPoint, sources]],
      features: [
        createSupportSourceModule({
          moduleId: 'tickets',
          configKey: 'customerImpact.sources.tickets',
          create,
        }),
        logger.factory,
      ],
    });
    expect(create).not.toHaveBeenCalled();
    expect(sources.addSupportEventSource).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Support source tickets not configured (customerImpact.sources.tickets); not pulling events',
    );
  });

  it('adds nothing when create returns undefined, and fails the start when it throws', async () => {
    const sources = extensionPoint();
    const config = mockServices.rootConfig.factory({
      data: { customerImpact: { sources: { tickets: {} } } },
    });
    await startTestBackend({
      extensionPoints: [[customerImpactSourcesExtensionPoint, sources]],
      features: [
        createSupportSourceModule({
          moduleId: 'tickets',
          configKey: 'customerImpact.sources.tickets',
          create: () => undefined,
        }),
        config,
      ],
    });
    expect(sources.addSupportEventSource).not.toHaveBeenCalled();

    await expect(
      startTestBackend({
        extensionPoints: [[customerImpactSourcesExtensionPoint, sources]],
        features: [
          createSupportSourceModule({
            moduleId: 'tickets',
            configKey: 'customerImpact.sources.tickets',
            create: () => {
              throw new Error('tickets: token missing');
            },
          }),
          config,
        ],
      }),
    ).rejects.toThrow('tickets: token missing');
  });

  it('refuses dependency names it provides itself', () => {
    expect(() =>
      createSupportSourceModule({
        moduleId: 'tickets',
        configKey: 'customerImpact.sources.tickets',
        deps: { logger: coreServices.logger },
        create: () => undefined,
      }),
    ).toThrow(
      'createSupportSourceModule(tickets): the dependency names logger are reserved',
    );
  });
});
