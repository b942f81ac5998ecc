import { identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  ChangeRelief,
  CustomerImpactApi,
  FacetContribution,
  GroupRollup,
  RecordedChange,
  computePainIndex,
  reliefWindows,
} from '@customer-impact/plugin-customer-impact-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { customerImpactApiRef } from '../../api';
import { customerImpactPageRouteRef } from '../../routes';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { CustomerImpactPage } from './CustomerImpactPage';
import { GroupCustomerImpactCard } from './GroupCustomerImpactCard';
import { PainIndexCard } from './PainIndexCard';

jest.setTimeout(60_000);

const window = {
  from: '2026-10-24T12:00:00.000Z',
  to: '2026-11-21T12:00:00.000Z',
};

const contributions: FacetContribution[] = [
  {
    facet: 'supportLoad',
    status: 'ok',
    window,
    quantities: [
      {
        id: 'pages-per-week',
        label: 'pages a week',
        quantity: 27 / 4,
        unit: 'per-week',
      },
      {
        id: 'tickets-per-week',
        label: 'tickets a week',
        quantity: 0,
        unit: 'per-week',
      },
    ],
  },
  {
    facet: 'journeys',
    status: 'ok',
    window,
    quantities: [
      {
        id: 'stuck-reports',
        label: "stuck reports at 'Request a database'",
        quantity: 30,
        unit: 'count',
        detail: 'journey:default/new-service#database',
      },
    ],
  },
  { facet: 'slos', status: 'no-data', window, quantities: [] },
];
// By hand: 5 × 6.75 = 33.75 and 0.5 × 30 = 15: 48.75.
const painIndex = computePainIndex(contributions, { weights: {}, window });

describe('PainIndexCard', () => {
  it('shows the value and explains each term, linking it to its facet', async () => {
    await renderForEntity(<PainIndexCard />, {
      entity: entity('Component', 'payments'),
      summary: { painIndex },
    });
    // The value, large, and again at the head of its explanation.
    expect(await screen.findAllByText('48.8')).toHaveLength(2);
    expect(
      screen.getByText('Last 4 weeks, computed', { exact: false }),
    ).toBeInTheDocument();
    const pages = screen.getByRole('link', {
      name: '33.8 from 6.8 pages a week',
    });
    expect(pages).toHaveAttribute(
      'href',
      '/catalog/default/component/payments/support',
    );
    const stuck = screen.getByRole('link', {
      name: "15 from 30 stuck reports at 'Request a database'",
    });
    // A journey term links to the journey's map.
    expect(stuck).toHaveAttribute(
      'href',
      '/catalog/default/journey/new-service/journey',
    );
    // A measured 0 is not named; a facet without data is listed as such.
    expect(screen.queryByText(/tickets a week/)).not.toBeInTheDocument();
    expect(screen.getByText('No data: SLOs')).toBeInTheDocument();
  });

  it('says "no data" when nothing was measured, never 0', async () => {
    await renderForEntity(<PainIndexCard />, {
      entity: entity('Component', 'quiet'),
      summary: {
        painIndex: {
          value: null,
          window,
          terms: [],
          noData: ['supportLoad', 'slos'],
        },
      },
    });
    expect((await screen.findAllByText('no data')).length).toBeGreaterThan(0);
    expect(screen.queryByText(/^0$/)).not.toBeInTheDocument();
    expect(screen.getByText('No data: support load, SLOs')).toBeInTheDocument();
  });
});

const change: RecordedChange = {
  id: 'PLAT-42',
  title: 'Self-service API keys',
  at: '2026-10-28T10:00:00.000Z',
  entityRefs: ['component:default/payments'],
  recordedBy: 'user:default/ada',
  recordedAt: '2026-10-28T10:00:00.000Z',
};
const reliefWindow = reliefWindows({
  at: change.at,
  now: '2026-11-21T12:00:00.000Z',
  weeks: 4,
});
const perWeek = (before: number, after: number) => ({
  beforePerWeek: before,
  afterPerWeek: after,
});
// By hand: 12 tickets in the 4 weeks before (3 a week); 1 in the 3 whole
// weeks since (28 Oct 10:00 to 21 Nov 12:00 is 24 days): 0.3 a week.
const relief: ChangeRelief = {
  change,
  weeks: 4,
  weeksAfterElapsed: reliefWindow.weeksAfterElapsed,
  tooEarly: reliefWindow.tooEarly,
  windows: reliefWindow,
  teams: [
    {
      teamRef: 'group:default/team-checkout',
      title: 'Checkout team',
      consumes: ['component:default/payments'],
      support: {
        beforePerWeek: 3,
        afterPerWeek: 1 / 3,
        before: 12,
        after: 1,
        byKind: {
          ticket: perWeek(3, 1 / 3),
          page: perWeek(0, 0),
          escalation: perWeek(0, 0),
          'manual-exception': perWeek(0, 0),
        },
      },
    },
  ],
  entities: [],
  k: 5,
  computedAt: '2026-11-21T12:00:00.000Z',
};

function rollup(overrides: Partial<GroupRollup> = {}): GroupRollup {
  return {
    groupRef: 'group:default/platform',
    groups: ['group:default/platform', 'group:default/platform-data'],
    window,
    entities: [
      {
        entityRef: 'component:default/payments',
        ownerRef: 'group:default/platform-data',
        painIndex,
        computedAt: window.to,
      },
    ],
    page: { limit: 20, nextCursor: null, total: 1 },
    consumers: [
      {
        consumerRef: 'group:default/team-checkout',
        points: 12.5,
        quantities: [
          {
            id: 'tickets-per-week',
            label: 'tickets a week',
            quantity: 3,
            unit: 'per-week',
          },
          {
            id: 'pages-per-week',
            label: 'pages a week',
            quantity: 0,
            unit: 'per-week',
          },
        ],
        entities: [{ entityRef: 'component:default/payments', points: 12.5 }],
        categories: [{ category: 'access', count: 4 }],
      },
    ],
    deprecations: [
      {
        entityRef: 'api:default/payments-v1',
        ownerRef: 'group:default/platform',
        dependentsLeft: 3,
        sunset: '2027-03-31',
        daysToSunset: 130,
        burndown: [
          { weekStart: '2026-11-09T00:00:00.000Z', dependents: null },
          { weekStart: '2026-11-16T00:00:00.000Z', dependents: 5 },
          { weekStart: '2026-11-23T00:00:00.000Z', dependents: 3 },
        ],
      },
    ],
    trend: [
      {
        weekStart: '2026-11-09T00:00:00.000Z',
        value: null,
        measuredEntities: 0,
      },
      { weekStart: '2026-11-16T00:00:00.000Z', value: 40, measuredEntities: 1 },
    ],
    computedAt: window.to,
    ...overrides,
  };
}

const identityApi = {
  getBackstageIdentity: async () => ({
    type: 'user' as const,
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/platform'],
  }),
};
const catalogApi = {
  getEntities: async () => ({
    items: [
      {
        apiVersion: 'v1',
        kind: 'Group',
        metadata: { name: 'acme', namespace: 'default', title: 'Acme' },
      },
      {
        apiVersion: 'v1',
        kind: 'Group',
        metadata: {
          name: 'platform',
          namespace: 'default',
          title: 'Platform team',
        },
      },
    ],
  }),
};

async function renderPage(
  api: Partial<CustomerImpactApi>,
  path = '/customer-impact',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [customerImpactApiRef, api as CustomerImpactApi],
        [identityApiRef, identityApi],
        [catalogApiRef, catalogApi],
      ]}
    >
      <Routes>
        <Route path="/customer-impact" element={<CustomerImpactPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('CustomerImpactPage', () => {
  it("starts at the signed-in person's own group and shows the ranked entities, teams, deprecations and trend", async () => {
    const getGroupRollup = jest.fn(async () => rollup());
    const listChanges = jest.fn(async () => ({ changes: [change] }));
    const getChangeRelief = jest.fn(async () => relief);
    await renderPage({ getGroupRollup, listChanges, getChangeRelief });
    await waitFor(() =>
      expect(getGroupRollup).toHaveBeenCalledWith('group:default/platform', {
        limit: 20,
      }),
    );
    expect(
      await screen.findByRole('link', { name: '33.8 from 6.8 pages a week' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/and 1 group below it · 1 entities · last 4 weeks/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '33.8 from 6.8 pages a week' }),
    ).toBeInTheDocument();
    // The consuming team: its points and what it reports, zeros left out.
    expect(screen.getByText('12.5')).toBeInTheDocument();
    expect(screen.getByText('3 tickets a week')).toBeInTheDocument();
    expect(screen.getByText('access (4)')).toBeInTheDocument();
    // The deprecation, its weekly burndown (weeks without a count skipped).
    expect(screen.getByText('5 → 3')).toBeInTheDocument();
    expect(screen.getByText(/1 of 2 weeks have no data/)).toBeInTheDocument();
    // The changes recorded on the tree's entities, with their relief per team.
    await waitFor(() =>
      expect(listChanges).toHaveBeenCalledWith({
        entityRef: ['component:default/payments'],
        limit: expect.any(Number),
      }),
    );
    expect(
      await screen.findByText('Self-service API keys'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Checkout team: 3\.0 → 0\.3 tickets a week/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Record a change' }),
    ).toBeInTheDocument();
  });

  it('reads the group from the address, pages on, and computes again on demand', async () => {
    const getGroupRollup = jest
      .fn()
      .mockResolvedValueOnce(
        rollup({
          groupRef: 'group:default/acme',
          page: { limit: 20, nextCursor: 'next', total: 2 },
        }),
      )
      .mockResolvedValueOnce(
        rollup({
          entities: [
            {
              entityRef: 'component:default/quiet',
              ownerRef: 'group:default/platform',
              painIndex: {
                value: null,
                window,
                terms: [],
                noData: ['supportLoad'],
              },
              computedAt: window.to,
            },
          ],
        }),
      );
    const refreshGroupRollup = jest.fn(async () => rollup());
    await renderPage(
      {
        getGroupRollup,
        refreshGroupRollup,
        listChanges: async () => ({ changes: [] }),
      },
      '/customer-impact?group=group%3Adefault%2Facme',
    );
    await waitFor(() =>
      expect(getGroupRollup).toHaveBeenCalledWith('group:default/acme', {
        limit: 20,
      }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Show more (1 of 2)' }),
    );
    await waitFor(() =>
      expect(getGroupRollup).toHaveBeenLastCalledWith('group:default/acme', {
        limit: 20,
        cursor: 'next',
      }),
    );
    // The second page's entity, unmeasured, ranked after the first.
    const quiet = (await screen.findByText('quiet')).closest('tr')!;
    expect(within(quiet).getByText('2')).toBeInTheDocument();
    expect(within(quiet).getByText('no data')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Compute again now' }));
    await waitFor(() =>
      expect(refreshGroupRollup).toHaveBeenCalledWith('group:default/acme'),
    );
  });

  it('says why when the rollup cannot be read', async () => {
    await renderPage({
      listChanges: async () => ({ changes: [] }),
      getGroupRollup: async () => {
        throw new Error(
          'Not allowed to read the customer impact of group:default/platform',
        );
      },
    });
    expect(
      await screen.findByText("Error: Could not load the group's rollup"),
    ).toBeInTheDocument();
    expect(screen.getByText(/Not allowed to read/)).toBeInTheDocument();
  });
});

describe('GroupCustomerImpactCard', () => {
  it("shows the tree's pain this week and links to the page for the group", async () => {
    const group = entity('Group', 'platform');
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            customerImpactApiRef,
            { getGroupRollup: async () => rollup() } as any,
          ],
        ]}
      >
        <EntityProvider entity={group}>
          <GroupCustomerImpactCard />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
          '/customer-impact': customerImpactPageRouteRef,
        },
      },
    );
    expect(
      await screen.findByText('Pain:', { exact: false }),
    ).toHaveTextContent('Pain: 40 points over 1 measured entities');
    expect(
      screen.getByText(/Over the group and 1 group below it, last 4 weeks/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open the Customer Impact page/ }),
    ).toHaveAttribute(
      'href',
      '/customer-impact?group=group%3Adefault%2Fplatform',
    );
  });
});
