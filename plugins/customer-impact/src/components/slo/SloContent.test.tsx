import { screen, within } from '@testing-library/react';
import { EntitySloDetail } from '@customer-impact/plugin-customer-impact-common';
import { entity, renderForEntity } from '../../__testUtils__/render';
import {
  burnRates,
  makeFacet,
  makeSlo,
  targetProblem,
} from '../../__testUtils__/slo';
import { SloContent } from './SloContent';

jest.setTimeout(30_000);

const checkout = entity('Component', 'checkout');

describe('SloContent', () => {
  it('shows the burndown, the burn-rate table with scaled thresholds, and the source link', async () => {
    // 99.9 % over 30 days; 1,000 events per window.
    const slo = makeSlo({
      state: 'page',
      burnRates: burnRates({
        '5m': 16,
        '30m': 15,
        '1h': 15.2,
        '2h': 9,
        '6h': 4,
        '1d': 1.2,
        '3d': 0.9,
      }),
    });
    const getEntitySlo = jest.fn(
      async (): Promise<EntitySloDetail> => ({
        entityRef: 'component:default/checkout',
        slo,
        burndown: [
          {
            at: '2026-10-22T12:00:00.000Z',
            time: Date.parse('2026-10-22T12:00:00.000Z'),
            remaining: 1,
            ideal: 1,
          },
          {
            at: '2026-11-21T12:00:00.000Z',
            time: Date.parse('2026-11-21T12:00:00.000Z'),
            remaining: 0.5,
            ideal: 0,
          },
        ],
      }),
    );
    await renderForEntity(<SloContent />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
      api: { getEntitySlo },
    });
    expect(getEntitySlo).toHaveBeenCalledWith(
      'component:default/checkout',
      'availability',
      { points: 120 },
    );
    expect(
      await screen.findByText(
        /^Error budget burndown \(rolling 30d, Oct 22, 2026/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Burndown: no data in this window.'),
    ).not.toBeInTheDocument();

    const table = screen
      .getByText('Burn rates')
      .closest('div[class*="MuiPaper"]') as HTMLElement;
    const rows = within(table).getAllByRole('row').slice(1);
    const cells = rows.map(row =>
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent),
    );
    // Thresholds of the SRE Workbook table for W = 30 d (BR* = x · W / w):
    //   1h & 5m: 0.02 · 720 h / 1 h = 14.4;  6h & 30m: 0.05 · 720 / 6 = 6;  3d & 6h: 0.10 · 30 / 3 = 1
    // bad events = rate · 0.001 · 1,000 (16 → 16, 15.2 → 15, 0.9 → 1)
    expect(cells).toEqual([
      ['5m', '16.0×', '14.4× (page, 1h + 5m)', '16 / 1,000'],
      ['30m', '15.0×', '6.00× (page, 6h + 30m)', '15 / 1,000'],
      ['1h', '15.2×', '14.4× (page, 1h + 5m)', '15 / 1,000'],
      ['2h', '9.00×', '—', '9 / 1,000'],
      [
        '6h',
        '4.00×',
        '6.00× (page, 6h + 30m); 1.00× (ticket, 3d + 6h)',
        '4 / 1,000',
      ],
      ['1d', '1.20×', '—', '1 / 1,000'],
      ['3d', '0.90×', '1.00× (ticket, 3d + 6h)', '1 / 1,000'],
    ]);
    expect(screen.getByTestId('slo-state-page')).toBeInTheDocument();
    const links = screen.getAllByRole('link', {
      name: /^https:\/\/git\.example\.com\/checkout\/slos\.yaml/,
    });
    expect(links.length).toBeGreaterThanOrEqual(2); // the file, and this SLO's definition
  });

  it('says "no data" in the table and for the burndown of an SLO without data', async () => {
    const slo = makeSlo({
      state: 'no-data',
      sli: null,
      budgetRemaining: null,
      burnRates: burnRates({}),
      lastDataAt: null,
      lastSampleAt: null,
    });
    const getEntitySlo = jest.fn(
      async (): Promise<EntitySloDetail> => ({
        entityRef: 'component:default/checkout',
        slo,
        burndown: [
          {
            at: '2026-10-22T12:00:00.000Z',
            time: 1,
            remaining: null,
            ideal: 1,
          },
          {
            at: '2026-11-21T12:00:00.000Z',
            time: 2,
            remaining: null,
            ideal: 0,
          },
        ],
      }),
    );
    await renderForEntity(<SloContent />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
      api: { getEntitySlo },
    });
    expect(
      await screen.findByText('Burndown: no data in this window.'),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['5m', 'no data', '14.4× (page, 1h + 5m)', 'no events']);
    expect(screen.getByText('Error budget: no data')).toBeInTheDocument();
  });

  it('lists the problems of the file with file, document and field', async () => {
    const getEntitySlo = jest.fn();
    await renderForEntity(<SloContent />, {
      entity: checkout,
      summary: { slos: makeFacet([], { problems: [targetProblem] }) },
      api: { getEntitySlo },
    });
    expect(
      screen.getByText('Problems in the definitions (1 error)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        (_, el) =>
          el?.tagName === 'P' &&
          el.textContent ===
            'error slos/checkout.yaml, document 3 (SLO latency), field spec.objectives[0].target, line 31: target must be at least 0 and below 1',
      ),
    ).toBeInTheDocument();
    expect(getEntitySlo).not.toHaveBeenCalled();
  });

  it('tells an owner how to add SLOs', async () => {
    await renderForEntity(<SloContent />, {
      entity: checkout,
      summary: {
        slos: {
          status: 'not-configured',
          burningDependencies: [],
          howTo: {
            text: 'Add the customer-impact/openslo annotation.',
            annotation: 'customer-impact/openslo',
            snippets: [
              {
                label: 'catalog-info.yaml',
                language: 'yaml',
                code: 'customer-impact/openslo: ./slos.yaml',
              },
            ],
            docsUrl: 'https://example.com/docs#slos',
          },
          lastUpdatedAt: null,
        },
      },
    });
    // The tab has nothing else to show: the how-to is open.
    expect(screen.getByText('No SLOs yet.')).toBeInTheDocument();
    expect(
      screen.getByText('Add the customer-impact/openslo annotation.'),
    ).toBeVisible();
    expect(document.querySelector('pre')?.textContent).toContain(
      'customer-impact/openslo: ./slos.yaml',
    );
  });
});
