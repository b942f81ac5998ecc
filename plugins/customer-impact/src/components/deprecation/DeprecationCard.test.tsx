import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { DeprecationCard } from './DeprecationCard';

// Material-table and the test app are slow to render on a busy 2-core machine.
jest.setTimeout(30_000);

describe('DeprecationCard', () => {
  it('lists the dependents with their owners and the burndown', async () => {
    await renderForEntity(<DeprecationCard />, {
      entity: entity('API', 'payments-v1', { lifecycle: 'deprecated' }),
      deprecation: {
        deprecated: true,
        dependents: [
          {
            entityRef: 'component:default/billing',
            ownerRef: 'group:default/team-billing',
          },
          { entityRef: 'component:default/checkout', ownerRef: null },
        ],
        burndown: [
          { date: '2026-11-01', dependents: 1234 },
          { date: '2026-11-21', dependents: 2 },
        ],
      },
    });
    expect(
      screen.getByText('Deprecation: who still depends on it'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('2 dependents still to migrate'),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]).getByRole('link', { name: /^billing/ }),
    ).toHaveAttribute('href', '/catalog/default/component/billing');
    expect(
      within(rows[0]).getByRole('link', { name: /team-billing/ }),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('no owner')).toBeInTheDocument();
    expect(
      screen.getByText('Migration burndown, daily since Nov 1, 2026'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '1,234 dependents on Nov 1, 2026, 2 on Nov 21, 2026 (last count).',
      ),
    ).toBeInTheDocument();
  });

  it('says when the burndown has only its first count', async () => {
    await renderForEntity(<DeprecationCard />, {
      entity: entity('API', 'payments-v1', { lifecycle: 'deprecated' }),
      deprecation: {
        deprecated: true,
        burndown: [{ date: '2026-11-21', dependents: 3 }],
      },
    });
    expect(
      screen.getByText(
        '3 on Nov 21, 2026, the first count; one is taken every day.',
      ),
    ).toBeInTheDocument();
  });

  it('says there is no burndown data yet instead of drawing zeros', async () => {
    await renderForEntity(<DeprecationCard />, {
      entity: entity('API', 'payments-v1', { lifecycle: 'deprecated' }),
      deprecation: { deprecated: true },
    });
    expect(
      screen.getByText('No dependents left to migrate'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Migration burndown: no data yet/),
    ).toBeInTheDocument();
  });

  it('shows the facet failing with its reason inside the card', async () => {
    await renderForEntity(<DeprecationCard />, {
      entity: entity('API', 'payments-v1', { lifecycle: 'deprecated' }),
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

  it('explains how to deprecate an entity that is not deprecated', async () => {
    await renderForEntity(<DeprecationCard />, {
      entity: entity('Component', 'search'),
    });
    expect(screen.getByText('Not deprecated.')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: /How to set it up/ }),
    );
    expect(
      screen.getByText(/Mark this entity deprecated in its catalog-info\.yaml/),
    ).toBeVisible();
    expect(screen.getByText(/customer-impact\/replaced-by/)).toBeVisible();
  });
});
