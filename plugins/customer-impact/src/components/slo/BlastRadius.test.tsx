import { SLO_HOW_TO } from '@customer-impact/plugin-customer-impact-common';
import { screen, within } from '@testing-library/react';
import { DateTime } from 'luxon';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { makeFacet, makeSlo } from '../../__testUtils__/slo';
import { SloCard } from './SloCard';

jest.setTimeout(30_000);

/** The time as the card shows it: the reader's zone and locale (en-US here). */
const clock = (iso: string) =>
  DateTime.fromISO(iso).setLocale('en-US').toLocaleString(DateTime.TIME_SIMPLE);

const paymentsPaging = {
  entityRef: 'component:default/payments-service',
  title: 'Payments service',
  slo: 'payments-availability',
  sloName: 'Payments availability',
  state: 'page' as const,
  since: '2026-11-21T10:05:00.000Z',
  incidentStartedAt: '2026-11-21T09:50:00.000Z',
  evaluatedAt: '2026-11-21T11:55:00.000Z',
  via: ['api:default/payments-v1'],
};

describe('SloCard blast radius', () => {
  it("shows a burning dependency on a consumer's page, even without SLOs of its own", async () => {
    await renderForEntity(<SloCard />, {
      entity: entity('Component', 'checkout-web'),
      summary: {
        slos: {
          status: 'not-configured',
          howTo: SLO_HOW_TO,
          lastUpdatedAt: null,
          burningDependencies: [paymentsPaging],
        },
      },
    });
    expect(
      screen.getByText(
        `Error: A dependency is burning its error budget: Payments service, page since ${clock(
          paymentsPaging.since,
        )}`,
      ),
    ).toBeInTheDocument();
    const line = screen.getByTestId(
      'burning-component:default/payments-service:payments-availability',
    );
    expect(line).toHaveTextContent(
      `Payments service: SLO Payments availability in page since ${clock(
        paymentsPaging.since,
      )} (incident since ${clock(
        paymentsPaging.incidentStartedAt,
      )}), reached through payments-v1.`,
    );
    expect(
      within(line).getByRole('link', { name: 'Payments service' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-service');
    // Its own SLO card still says how to add SLOs.
    expect(screen.getByText('No SLOs yet.')).toBeInTheDocument();
  });

  it('says nothing about dependencies when none is burning', async () => {
    await renderForEntity(<SloCard />, {
      entity: entity('Component', 'checkout-web'),
      summary: { slos: makeFacet([makeSlo()]) },
    });
    expect(screen.queryByText(/burning/)).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('internal-customers-affected'),
    ).not.toBeInTheDocument();
  });

  it('lists the owners of the consumers of a paging SLO as the internal customers affected', async () => {
    await renderForEntity(<SloCard />, {
      entity: entity('Component', 'payments-service'),
      summary: {
        slos: makeFacet([makeSlo({ state: 'page' })], {
          internalCustomersAffected: [
            {
              ownerRef: 'group:default/team-billing',
              consumers: ['component:default/billing-service'],
            },
            {
              ownerRef: 'group:default/team-checkout',
              consumers: [
                'component:default/checkout-web',
                'component:default/refunds-worker',
              ],
            },
          ],
        }),
      },
    });
    expect(
      screen.getByText('1 SLO: 1 page · affects 2 consuming teams'),
    ).toBeInTheDocument();
    const affected = screen.getByTestId('internal-customers-affected');
    expect(affected).toHaveTextContent(
      'Internal customers affected: 2 consuming teams through 3 consumers',
    );
    expect(affected).toHaveTextContent('team-billing: billing-service');
    expect(affected).toHaveTextContent(
      'team-checkout: checkout-web, refunds-worker',
    );
  });
});
