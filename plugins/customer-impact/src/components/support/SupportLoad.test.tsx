import {
  GroupSupportConsumers,
  SupportEvent,
  SupportLoadFacet,
  longTailShare,
  medianTimeToResolveSeconds,
  rankSupportConsumers,
  supportTrend,
  supportWeekFigures,
  supportWeekOf,
} from '@customer-impact/plugin-customer-impact-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { InternalCustomersCard } from './InternalCustomersCard';
import { SupportEventsContent } from './SupportEventsContent';
import { SupportLoadCard } from './SupportLoadCard';

jest.setTimeout(30_000);

// Saturday 21 Nov 2026 12:00 UTC, in ISO week 2026-W47 (from Monday 16 Nov).
const NOW = '2026-11-21T12:00:00.000Z';
const REF = 'component:default/payments-service';

function ev(externalId: string, fields: Partial<SupportEvent>): SupportEvent {
  return {
    source: 'jira',
    externalId,
    entityRef: REF,
    kind: 'ticket',
    openedAt: NOW,
    ...fields,
  };
}

const events: SupportEvent[] = [
  ev('T1', {
    openedAt: '2026-11-16T09:00:00.000Z',
    resolvedAt: '2026-11-16T11:00:00.000Z',
    category: 'access',
    consumerRef: 'group:default/team-checkout',
    title: 'Cannot rotate API key',
    url: 'https://jira.example.com/browse/T1',
  }),
  ev('T2', {
    openedAt: '2026-11-17T10:00:00.000Z',
    resolvedAt: '2026-11-17T10:30:00.000Z',
    category: 'access',
  }),
  ev('P1', {
    source: 'pagerduty',
    kind: 'page',
    openedAt: '2026-11-18T01:00:00.000Z',
    resolvedAt: '2026-11-18T02:00:00.000Z',
  }),
  ev('P2', {
    source: 'pagerduty',
    kind: 'page',
    openedAt: '2026-11-18T03:00:00.000Z',
  }),
  ev('P3', {
    source: 'pagerduty',
    kind: 'page',
    openedAt: '2026-11-18T11:00:00.000Z',
  }),
  ev('M1', {
    kind: 'manual-exception',
    openedAt: '2026-11-19T08:00:00.000Z',
    category: 'quota',
  }),
  ev('W45', { openedAt: '2026-11-03T08:00:00.000Z', category: 'access' }),
  ev('T3', {
    openedAt: '2026-11-10T08:00:00.000Z',
    resolvedAt: '2026-11-11T08:00:00.000Z',
    category: 'dns',
  }),
];

const window = {
  from: '2026-08-24T00:00:00.000Z',
  to: NOW,
  weeks: 12,
  thisWeek: supportWeekOf(NOW),
};

// The facet as the backend builds it, from the common figures.
const okFacet: SupportLoadFacet = {
  status: 'ok',
  window,
  lastUpdatedAt: NOW,
  sources: ['jira', 'pagerduty'],
  thisWeek: supportWeekFigures(events, {
    entityRef: REF,
    week: window.thisWeek,
    now: NOW,
  }),
  trend: supportTrend(events, {
    now: NOW,
    entityRef: REF,
    dataSince: '2026-11-02T00:00:00Z',
  }),
  longTail: longTailShare(events),
  medianTimeToResolveSeconds: medianTimeToResolveSeconds(events, NOW),
  resolvedCount: 4,
};

const component = entity('Component', 'payments-service');

describe('SupportLoadCard', () => {
  it('says "1 shift" early on a Monday, when one shift has begun', async () => {
    // Monday 16 Nov 2026 05:00 UTC: the week's first shift (00:00-12:00)
    // has begun, with one page in it.
    const monday = '2026-11-16T05:00:00.000Z';
    const early = [
      ev('P0', {
        source: 'pagerduty',
        kind: 'page',
        openedAt: '2026-11-16T01:00:00.000Z',
      }),
    ];
    const week = supportWeekOf(monday);
    await renderForEntity(<SupportLoadCard />, {
      entity: component,
      summary: {
        supportLoad: {
          ...okFacet,
          window: { ...window, to: monday, thisWeek: week },
          lastUpdatedAt: monday,
          thisWeek: supportWeekFigures(early, {
            entityRef: REF,
            week,
            now: monday,
          }),
        },
      },
    });
    expect(
      screen.getByText(/Pages per 12-hour on-call shift this week:/)
        .textContent,
    ).toBe(
      'Pages per 12-hour on-call shift this week: 1 on average over 1 shift (limit 2 per shift, SRE Book ch. 11).',
    );
    expect(
      screen.getByText('Within the limit: at most 1 page in one shift.'),
    ).toBeInTheDocument();
  });

  it('shows this week against the 12-week median, shifts, the long tail and time to resolve', async () => {
    await renderForEntity(<SupportLoadCard />, {
      entity: component,
      summary: { supportLoad: okFacet },
    });
    expect(screen.getByText('Support load')).toBeInTheDocument();
    // 2 tickets + 3 pages + 1 manual exception
    expect(
      screen.getByText(
        'This week (2026-W47, so far) vs the 12-week median: 6 events',
      ),
    ).toBeInTheDocument();
    const rows = within(
      screen.getByRole('table', {
        name: 'This week against the 12-week median',
      }),
    ).getAllByRole('row');
    // Covered weeks W45 and W46 had 1 ticket each: median 1; no pages: 0.
    expect(rows.map(r => r.textContent)).toEqual([
      'KindThis week12-week medianDifference',
      'Tickets21+1',
      'Pages30+3',
      'Escalations00±0',
      'Manual exceptions10+1',
    ]);
    // 3 pages over 11 shifts begun (Saturday 12:00 is 132 h in): 0.27.
    expect(
      screen.getByText(/Pages per 12-hour on-call shift this week:/)
        .textContent,
    ).toBe(
      'Pages per 12-hour on-call shift this week: 0.27 on average over 11 shifts (limit 2 per shift, SRE Book ch. 11).',
    );
    expect(
      screen.getByText(
        'Over the limit: 3 pages in the shift of Wed, Nov 18, 00:00–12:00 UTC.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('access (3), dns (1), quota (1)'),
    ).toBeInTheDocument();
    // 3 uncategorised pages of 8 events: 37.5 % → 38 %
    expect(screen.getByText(/^Long tail:/).textContent).toBe(
      'Long tail: 38 % of 8 events fall outside the top 3 categories (3 without a category).',
    );
    // 1800, 3600, 7200, 86400 s → nearest-rank median (common's stats):
    // rank ceil(0.5 · 4) = 2 → 3600 s
    expect(screen.getByText(/^Median time to resolve:/).textContent).toBe(
      'Median time to resolve: 1 h over 4 resolved events, last 12 weeks and this week.',
    );
    expect(screen.getByText(/^Window: Aug 24, 2026 to/)).toHaveTextContent(
      /Sources: jira, pagerduty\. Last updated Nov 21, 2026/,
    );
  });

  it('says when the long tail dominates', async () => {
    await renderForEntity(<SupportLoadCard />, {
      entity: component,
      summary: {
        supportLoad: {
          ...okFacet,
          longTail: {
            topN: 3,
            topCategories: [{ category: 'access', count: 1 }],
            total: 4,
            longTail: 3,
            uncategorised: 0,
            share: 0.75,
          },
        } as SupportLoadFacet,
      },
    });
    expect(screen.getByText(/^Long tail:/).textContent).toBe(
      'Long tail: 75 % of 4 events fall outside the top 3 categories: the long tail dominates.',
    );
  });

  it('shows the words "no data" and the reason, not zeros, when nothing was recorded in the window', async () => {
    await renderForEntity(<SupportLoadCard />, {
      entity: component,
      summary: {
        supportLoad: {
          status: 'no-data',
          reason: 'No support event opened in the last 12 weeks or this week.',
          window,
          lastUpdatedAt: null,
        },
      },
    });
    expect(screen.getByText('no data')).toBeInTheDocument();
    expect(
      screen.getByText(
        'No support event opened in the last 12 weeks or this week.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('This week (2026-W47) vs the 12-week median'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Tickets')).not.toBeInTheDocument();
  });

  it('explains how to set the facet up', async () => {
    await renderForEntity(<SupportLoadCard />, {
      entity: component,
      summary: {
        supportLoad: {
          status: 'not-configured',
          howTo: {
            text: 'Push the events, or let a pull module read them.',
            annotation: 'pagerduty.com/service-id',
            snippets: [
              {
                label: 'catalog-info.yaml',
                language: 'yaml',
                code: 'metadata:\n  annotations:\n    pagerduty.com/service-id: PABC123',
              },
            ],
            docsUrl: 'https://example.com/docs#support-load',
          },
          lastUpdatedAt: null,
        },
      },
    });
    expect(screen.getByText('Not set up for this entity')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: /How to set it up/ }),
    );
    expect(screen.getByText(/pagerduty\.com\/service-id/)).toBeVisible();
    expect(
      screen.getByRole('link', { name: /^Read the docs/ }),
    ).toHaveAttribute('href', 'https://example.com/docs#support-load');
  });

  it('shows the facet failing with its reason inside the card', async () => {
    await renderForEntity(<SupportLoadCard />, {
      entity: component,
      summary: {
        supportLoad: {
          status: 'error',
          reason: 'support store unavailable',
          lastUpdatedAt: null,
        },
      },
    });
    expect(screen.getByText('Support load')).toBeInTheDocument();
    expect(
      screen.getByText(/Could not load the support load/),
    ).toBeInTheDocument();
    expect(screen.getByText(/support store unavailable/)).toBeInTheDocument();
  });

  it('shows the error when the summary cannot be loaded', async () => {
    await renderForEntity(<SupportLoadCard />, {
      entity: component,
      error: new Error('backend down'),
    });
    expect(
      screen.getByText(/Could not load the support load/),
    ).toBeInTheDocument();
    expect(screen.getByText(/backend down/)).toBeInTheDocument();
  });
});

describe('SupportEventsContent', () => {
  it('lists the recent events newest first, linking to their source', async () => {
    const getEntitySupportEvents = jest.fn(async () => ({
      entityRef: REF,
      total: 8,
      events: [events[5], events[0]].map(e => ({
        ...e,
        receivedAt: NOW,
        updatedAt: NOW,
      })),
    }));
    await renderForEntity(<SupportEventsContent />, {
      entity: component,
      api: { getEntitySupportEvents },
    });
    expect(getEntitySupportEvents).toHaveBeenCalledWith(REF, { limit: 100 });
    expect(
      screen.getByText('Support events: the 2 most recent of 8'),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('manual exception')).toBeInTheDocument();
    expect(within(rows[0]).getByText('open')).toBeInTheDocument();
    expect(within(rows[0]).getByText('unknown')).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('link', { name: /^Cannot rotate API key/ }),
    ).toHaveAttribute('href', 'https://jira.example.com/browse/T1');
    expect(within(rows[1]).getByText('after 2 h')).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('link', { name: /team-checkout/ }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
  });
});

describe('InternalCustomersCard', () => {
  it('ranks the consuming teams with their load and links to their events', async () => {
    const owned = [
      ...events,
      ev('L1', {
        entityRef: 'component:default/legacy-build-runner',
        consumerRef: 'group:default/team-search',
        openedAt: '2026-11-12T08:00:00.000Z',
        title: 'Runner stuck',
        url: 'https://github.com/acme/runner/issues/7',
      }),
      ev('S1', {
        consumerRef: 'group:default/team-search',
        openedAt: '2026-11-13T08:00:00.000Z',
      }),
    ].map(e =>
      e.consumerRef || e.externalId === 'W45'
        ? e
        : { ...e, consumerRef: 'group:default/team-checkout' },
    );
    const ranking = rankSupportConsumers(owned);
    const response: GroupSupportConsumers = {
      groupRef: 'group:default/platform',
      window,
      ownedEntityRefs: [REF, 'component:default/legacy-build-runner'],
      total: owned.length,
      lastUpdatedAt: NOW,
      consumers: ranking.map(c => ({
        ...c,
        recentEvents: owned
          .filter(e => (e.consumerRef ?? 'unknown') === c.consumerRef)
          .slice(-1),
      })),
      page: { limit: 20, nextCursor: null, total: ranking.length },
      ownership: { source: 'catalog', computedAt: null },
    };
    const getGroupSupportConsumers = jest.fn(async () => response);
    await renderForEntity(<InternalCustomersCard />, {
      entity: {
        ...entity('Group', 'platform'),
        spec: { type: 'team', children: [] },
      },
      api: { getGroupSupportConsumers },
    });
    expect(getGroupSupportConsumers).toHaveBeenCalledWith(
      'group:default/platform',
    );
    expect(
      screen.getByText('Internal customers hurting most'),
    ).toBeInTheDocument();
    // 10 events: checkout has the 7 without a consumer but W45 (T1 T2 P1 P2 P3 M1 T3),
    // search L1 and S1, and W45 has no team.
    expect(
      screen.getByText(
        '3 consuming teams, 10 events, last 12 weeks and this week (since Aug 24, 2026)',
      ),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(
      within(rows[0]).getByRole('link', { name: /team-checkout/ }),
    ).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('(70 %)', { exact: false }),
    ).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('3 tickets, 3 pages, 1 manual exception'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('link', { name: /team-search/ }),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('2 tickets')).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('link', { name: /legacy-build-runner/ }),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('team not known')).toBeInTheDocument();
    expect(
      within(rows[2]).getByText('(10 %)', { exact: false }),
    ).toBeInTheDocument();
  });

  it('says no data when nothing the group owns has load', async () => {
    await renderForEntity(<InternalCustomersCard />, {
      entity: entity('Group', 'platform'),
      api: {
        getGroupSupportConsumers: async () => ({
          groupRef: 'group:default/platform',
          window,
          ownedEntityRefs: [REF],
          total: 0,
          lastUpdatedAt: null,
          consumers: [],
          page: { limit: 20, nextCursor: null, total: 0 },
          ownership: { source: 'catalog', computedAt: null },
        }),
      },
    });
    expect(screen.getByText('no data')).toBeInTheDocument();
    expect(screen.getByText(/No event recorded yet\./)).toBeInTheDocument();
  });

  it('counts every consuming team when it shows the first page, and says how fresh the ownership is', async () => {
    const team = (n: number) => ({
      consumerRef: `group:default/team-${n}`,
      counts: { ticket: 30 - n, page: 0, escalation: 0, 'manual-exception': 0 },
      total: 30 - n,
      share: (30 - n) / 600,
      topEntities: [{ entityRef: REF, count: 30 - n }],
      recentEvents: [],
    });
    await renderForEntity(<InternalCustomersCard />, {
      entity: entity('Group', 'platform'),
      api: {
        getGroupSupportConsumers: async () => ({
          groupRef: 'group:default/platform',
          window,
          ownedEntityRefs: [REF],
          total: 600,
          lastUpdatedAt: NOW,
          consumers: Array.from({ length: 20 }, (_, i) => team(i)),
          page: { limit: 20, nextCursor: 'next', total: 35 },
          ownership: { source: 'rollup', computedAt: '2026-11-21T11:50:00Z' },
        }),
      },
    });
    expect(
      screen.getByText(
        '35 consuming teams, 600 events, last 12 weeks and this week (since Aug 24, 2026)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^The 20 teams with the most load of 35\./),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Ownership as of .* \(group rollups\)\./),
    ).toBeInTheDocument();
  });
});
