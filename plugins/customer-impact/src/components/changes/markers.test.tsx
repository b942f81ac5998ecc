import {
  EntitySloDetail,
  RecordedChange,
  SupportEvent,
  SupportLoadFacet,
  longTailShare,
  medianTimeToResolveSeconds,
  supportTrend,
  supportWeekFigures,
  supportWeekOf,
} from '@customer-impact/plugin-customer-impact-common';
import { screen, waitFor } from '@testing-library/react';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { makeFacet, makeSlo } from '../../__testUtils__/slo';
import { SloContent } from '../slo/SloContent';
import { SupportLoadCard } from '../support/SupportLoadCard';

jest.setTimeout(30_000);

// jsdom lays nothing out: give recharts' ResponsiveContainer a size, so that
// the charts (and their markers) are drawn as in a browser.
beforeEach(() => {
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    width: 640,
    height: 240,
    top: 0,
    left: 0,
    bottom: 240,
    right: 640,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  } as DOMRect);
});
afterEach(() => jest.restoreAllMocks());

// Saturday 21 Nov 2026 12:00 UTC, in ISO week 2026-W47 (from Monday 16 Nov).
const NOW = '2026-11-21T12:00:00.000Z';
const REF = 'component:default/payments-service';

function recorded(id: string, title: string, at: string): RecordedChange {
  return { id, title, at, entityRefs: [REF], recordedAt: at };
}

// In the charts' span, and long before it.
const keys = recorded(
  'PLAT-42',
  'Self-service API keys',
  '2026-11-03T10:00:00.000Z',
);
const old = recorded('PLAT-1', 'Pool resized', '2025-01-06T10:00:00.000Z');

const listChanges = () => jest.fn(async () => ({ changes: [keys, old] }));

describe('recorded changes on the charts', () => {
  it('marks a change on the SLO budget burndown of its entity', async () => {
    const slo = makeSlo();
    const getEntitySlo = jest.fn(
      async (): Promise<EntitySloDetail> => ({
        entityRef: REF,
        slo,
        burndown: ['2026-10-22T12:00:00.000Z', NOW].map((at, i) => ({
          at,
          time: Date.parse(at),
          remaining: 1 - i / 2,
          ideal: 1 - i,
        })),
      }),
    );
    const list = listChanges();
    await renderForEntity(<SloContent />, {
      entity: entity('Component', 'payments-service'),
      summary: { slos: makeFacet([slo]) },
      api: { getEntitySlo, listChanges: list },
    });
    // the marker's label on the chart, and the caption under it
    expect(
      await screen.findByText('Self-service API keys'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Marked on the chart: Nov 3, 2026, 10:00 AM Self-service API keys.',
      ),
    ).toBeInTheDocument();
    // outside the window: not marked
    expect(screen.queryByText(/Pool resized/)).not.toBeInTheDocument();
    expect(list).toHaveBeenCalledWith({ entityRef: REF, limit: 20 });
  });

  it('marks a change in its week on the support-load chart', async () => {
    const events: SupportEvent[] = [
      {
        source: 'jira',
        externalId: 'T1',
        entityRef: REF,
        kind: 'ticket',
        openedAt: '2026-11-16T09:00:00.000Z',
      },
    ];
    const window = {
      from: '2026-08-24T00:00:00.000Z',
      to: NOW,
      weeks: 12,
      thisWeek: supportWeekOf(NOW),
    };
    const facet: SupportLoadFacet = {
      status: 'ok',
      window,
      lastUpdatedAt: NOW,
      sources: ['jira'],
      thisWeek: supportWeekFigures(events, {
        entityRef: REF,
        week: window.thisWeek,
        now: NOW,
      }),
      trend: supportTrend(events, { now: NOW, entityRef: REF }),
      longTail: longTailShare(events),
      medianTimeToResolveSeconds: medianTimeToResolveSeconds(events, NOW),
      resolvedCount: 0,
    };
    const list = listChanges();
    await renderForEntity(<SupportLoadCard />, {
      entity: entity('Component', 'payments-service'),
      summary: { supportLoad: facet, entityRef: REF },
      api: { listChanges: list },
    });
    // 3 Nov 2026 is in ISO week 2026-W45, one of the 12 weeks of the chart
    expect(
      await screen.findByText('Self-service API keys'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Marked on the chart: Nov 3, 2026, 10:00 AM Self-service API keys.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Pool resized/)).not.toBeInTheDocument();
  });

  it('draws the charts without markers when the changes cannot be loaded', async () => {
    const slo = makeSlo();
    const failing = jest.fn(async () => {
      throw new Error('boom');
    });
    await renderForEntity(<SloContent />, {
      entity: entity('Component', 'payments-service'),
      summary: { slos: makeFacet([slo]) },
      api: {
        getEntitySlo: async () => ({
          entityRef: REF,
          slo,
          burndown: ['2026-10-22T12:00:00.000Z', NOW].map((at, i) => ({
            at,
            time: Date.parse(at),
            remaining: 1 - i / 2,
            ideal: 1 - i,
          })),
        }),
        listChanges: failing,
      },
    });
    await waitFor(() => expect(failing).toHaveBeenCalled());
    expect(await screen.findByText('Budget remaining')).toBeInTheDocument();
    expect(screen.queryByText(/Marked on the chart/)).not.toBeInTheDocument();
  });
});
