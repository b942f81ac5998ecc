import { screen } from '@testing-library/react';
import { entity, renderForEntity } from '../../__testUtils__/render';
import {
  DeprecationBanner,
  isDeprecationBannerRelevant,
} from './DeprecationBanner';

// Material-table and the test app are slow to render on a busy 2-core machine.
jest.setTimeout(30_000);

describe('DeprecationBanner', () => {
  it('says a deprecated API is deprecated, what replaces it, the sunset and the guide', async () => {
    const { getEntitySummary } = await renderForEntity(<DeprecationBanner />, {
      entity: entity('API', 'payments-v1', { lifecycle: 'deprecated' }),
      deprecation: {
        deprecated: true,
        replacedBy: 'api:default/payments-v2',
        sunset: '2027-03-31',
        daysToSunset: 130,
        migrationGuide: 'https://docs.example.com/migrate',
        reason: 'v2 has idempotency keys',
      },
    });
    expect(getEntitySummary).toHaveBeenCalledWith('api:default/payments-v1');
    expect(
      screen.getByText('Warning: This API is deprecated'),
    ).toBeInTheDocument();
    const replacement = screen.getByRole('link', { name: /payments-v2/ });
    expect(replacement).toHaveAttribute(
      'href',
      '/catalog/default/api/payments-v2',
    );
    expect(screen.getByText('Mar 31, 2027')).toBeInTheDocument();
    expect(screen.getByText(/130 days left/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^Read the migration guide/ }),
    ).toHaveAttribute('href', 'https://docs.example.com/migrate');
    expect(
      screen.getByText('Why: v2 has idempotency keys'),
    ).toBeInTheDocument();
  });

  it('says when no replacement is named and the sunset has passed', async () => {
    await renderForEntity(<DeprecationBanner />, {
      entity: entity('Component', 'legacy'),
      deprecation: { deprecated: true, sunset: '2026-11-18', daysToSunset: -3 },
    });
    expect(
      screen.getByText('Error: This Component is deprecated'),
    ).toBeInTheDocument();
    expect(screen.getByText(/No replacement is named/)).toBeInTheDocument();
    expect(screen.getByText(/sunset passed 3 days ago/)).toBeInTheDocument();
  });

  it('warns a dependent about what it still uses that is deprecated', async () => {
    await renderForEntity(<DeprecationBanner />, {
      entity: entity('Component', 'checkout'),
      deprecation: {
        exposure: [
          {
            entityRef: 'component:default/legacy-runner',
            replacedBy: null,
            sunset: '2026-12-31',
            daysToSunset: 40,
            migrationGuide: null,
          },
          {
            entityRef: 'api:default/payments-v1',
            replacedBy: 'api:default/payments-v2',
            sunset: '2027-03-31',
            daysToSunset: 130,
            migrationGuide: 'https://docs.example.com/migrate',
          },
        ],
      },
    });
    expect(
      screen.getByText('Warning: Depends on 2 deprecated entities'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/is deprecated$/)).not.toBeInTheDocument();
    const items = screen.getAllByRole('listitem').map(li => li.textContent);
    expect(items[0]).toContain(
      'legacy-runner is deprecated with no replacement named',
    );
    expect(items[0]).toContain('40 days left');
    expect(items[1]).toContain(
      'payments-v1 is deprecated and replaced by payments-v2',
    );
    expect(items[1]).toContain('130 days left');
    expect(
      screen.getByRole('link', { name: /^Migration guide/ }),
    ).toHaveAttribute('href', 'https://docs.example.com/migrate');
  });

  it('renders nothing for an entity that is not deprecated and uses nothing deprecated', async () => {
    const { rendered } = await renderForEntity(<DeprecationBanner />, {
      entity: entity('Component', 'search'),
    });
    expect(rendered.container).toBeEmptyDOMElement();
  });

  it('shows the error when the summary cannot be loaded', async () => {
    await renderForEntity(<DeprecationBanner />, {
      entity: entity('Component', 'search'),
      error: new Error('backend down'),
    });
    expect(
      screen.getByText('Error: Could not load the deprecation status'),
    ).toBeInTheDocument();
  });
});

describe('DeprecationBanner facet failure', () => {
  it('shows the reason when the deprecation facet failed', async () => {
    await renderForEntity(<DeprecationBanner />, {
      entity: entity('Component', 'search'),
      deprecation: {
        status: 'error',
        reason: 'catalog unavailable',
        lastUpdatedAt: null,
      },
    });
    expect(
      screen.getByText('Error: Could not load the deprecation status'),
    ).toBeInTheDocument();
    expect(screen.getByText(/catalog unavailable/)).toBeInTheDocument();
  });
});

describe('isDeprecationBannerRelevant', () => {
  it('is true for deprecated entities and entities with dependencies only', () => {
    expect(
      isDeprecationBannerRelevant(
        entity('API', 'a', { lifecycle: 'deprecated' }),
      ),
    ).toBe(true);
    expect(
      isDeprecationBannerRelevant({
        ...entity('Component', 'b'),
        relations: [{ type: 'consumesApi', targetRef: 'api:default/a' }],
      }),
    ).toBe(true);
    expect(isDeprecationBannerRelevant(entity('Component', 'c'))).toBe(false);
  });
});
