import { screen } from '@testing-library/react';
import { entity, renderForEntity } from './__testUtils__/render';
import {
  EntityDeprecationBanner,
  EntityDeprecationCard,
  customerImpactPlugin,
} from './plugin';

jest.setTimeout(30_000);

describe('legacy frontend system exports', () => {
  it('has the plugin id and provides the API factory', () => {
    expect(customerImpactPlugin.getId()).toBe('customer-impact');
    expect([...customerImpactPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.customer-impact.api',
    ]);
  });

  it('renders the banner and the card through their component extensions', async () => {
    await renderForEntity(
      <>
        <EntityDeprecationBanner />
        <EntityDeprecationCard />
      </>,
      {
        entity: entity('API', 'payments-v1', { lifecycle: 'deprecated' }),
        deprecation: {
          deprecated: true,
          replacedBy: 'api:default/payments-v2',
          dependents: [
            { entityRef: 'component:default/billing', ownerRef: 'group:default/team-billing' },
          ],
        },
      },
    );
    expect(await screen.findByText('Warning: This API is deprecated')).toBeInTheDocument();
    expect(await screen.findByText('1 dependent still to migrate')).toBeInTheDocument();
  });
});
