import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { DeprecationCard } from './DeprecationCard';
import { deprecationProgress } from '@customer-impact/plugin-customer-impact-common';

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

  it('draws the ideal line and says the migration is on track', async () => {
    const burndown = [
      { date: '2026-10-01', dependents: 10 },
      { date: '2026-11-01', dependents: 7 },
      { date: '2026-11-21', dependents: 6 },
    ];
    await renderForEntity(<DeprecationCard />, {
      entity: entity('API', 'payments-v1', { lifecycle: 'deprecated' }),
      deprecation: {
        deprecated: true,
        sunset: '2027-03-31',
        burndown,
        // The shared math: 6 left at 4 / 51 a day → Feb 6, 2027 (see its tests).
        progress: deprecationProgress(burndown, '2027-03-31'),
      },
    });
    expect(screen.getByTestId('deprecation-verdict')).toHaveTextContent(
      'On track: at this pace the last dependent leaves on Feb 6, 2027, by the sunset on Mar 31, 2027.',
    );
    // 10 × 130 / 181 = 7.18 allowed on Nov 21.
    expect(screen.getByTestId('deprecation-ideal')).toHaveTextContent(
      'Ideal line: from 10 dependents on Oct 1, 2026 to 0 at the sunset on Mar 31, 2027; it allows 7.2 on Nov 21, 2026, and 6 are left. Pace since Oct 1, 2026: 0.08 dependents leaving a day.',
    );
  });

  it('says when the migration is behind, with the day the last dependent leaves at this pace', async () => {
    const burndown = [
      { date: '2026-11-01', dependents: 4 },
      { date: '2026-11-29', dependents: 3 },
    ];
    await renderForEntity(<DeprecationCard />, {
      entity: entity('Component', 'legacy-runner', { lifecycle: 'deprecated' }),
      deprecation: {
        deprecated: true,
        sunset: '2026-12-31',
        burndown,
        progress: deprecationProgress(burndown, '2026-12-31'),
      },
    });
    expect(screen.getByTestId('deprecation-verdict')).toHaveTextContent(
      'Behind: at this pace the last dependent leaves on Feb 21, 2027, after the sunset on Dec 31, 2026.',
    );
  });

  it('says there is no ideal line without a sunset', async () => {
    await renderForEntity(<DeprecationCard />, {
      entity: entity('Component', 'legacy-runner', { lifecycle: 'deprecated' }),
      deprecation: {
        deprecated: true,
        burndown: [{ date: '2026-11-21', dependents: 1 }],
      },
    });
    expect(
      screen.getByText('Ideal line and pace: no data (no sunset date set).'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('deprecation-verdict')).not.toBeInTheDocument();
  });

  it('marks exempt dependents and lists every exemption recorded', async () => {
    await renderForEntity(<DeprecationCard />, {
      entity: entity('API', 'payments-v1', { lifecycle: 'deprecated' }),
      deprecation: {
        deprecated: true,
        sunset: '2027-03-31',
        dependents: [
          {
            entityRef: 'component:default/billing',
            ownerRef: 'group:default/team-billing',
          },
          {
            entityRef: 'component:default/checkout',
            ownerRef: 'group:default/team-checkout',
          },
        ],
        exemptions: [
          {
            id: '2',
            entityRef: 'api:default/payments-v1',
            dependentRef: 'component:default/billing',
            ownerRef: 'group:default/team-billing',
            reason: 'Quarter-end freeze extended',
            until: '2027-02-28',
            recordedAt: '2026-11-20T10:00:00Z',
            active: true,
          },
          {
            id: '1',
            entityRef: 'api:default/payments-v1',
            dependentRef: 'component:default/billing',
            ownerRef: 'group:default/team-billing',
            reason: 'Quarter-end freeze',
            until: '2026-11-15',
            recordedAt: '2026-10-01T10:00:00Z',
            active: false,
          },
        ],
      },
    });
    const rows = screen.getAllByRole('row').slice(1);
    expect(
      within(rows[0]).getByText('exempt until Feb 28, 2027'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('none')).toBeInTheDocument();
    expect(
      screen.getByText('Exemptions (2 recorded, newest first)'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('exemption-2')).toHaveTextContent(
      'billing exempt until Feb 28, 2027 (holds): Quarter-end freeze extended.',
    );
    expect(screen.getByTestId('exemption-1')).toHaveTextContent(
      'billing exempt until Nov 15, 2026 (ended): Quarter-end freeze.',
    );
  });
});
