import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { SloCard } from './SloCard';
import {
  burnRates,
  makeFacet,
  makeSlo,
  targetProblem,
} from '../../__testUtils__/slo';

jest.setTimeout(30_000);

const checkout = entity('Component', 'checkout');

/** The element whose whole text is `text` (text split over several nodes). */
const byFullText = (text: string | RegExp) =>
  screen.getByText((_, element) => {
    const content = element?.textContent ?? '';
    const matches =
      typeof text === 'string' ? content === text : text.test(content);
    return (
      matches &&
      !Array.from(element?.children ?? []).some(child => {
        const c = child.textContent ?? '';
        return typeof text === 'string' ? c === text : text.test(c);
      })
    );
  });

describe('SloCard', () => {
  it('tells an owner how to add the annotation when the entity has no SLOs, in one line', async () => {
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: {
        slos: {
          status: 'not-configured',
          burningDependencies: [],
          howTo: {
            text: 'Add the customer-impact/openslo annotation pointing at an OpenSLO file.',
            annotation: 'customer-impact/openslo',
            snippets: [
              {
                label: 'catalog-info.yaml',
                language: 'yaml',
                code: 'metadata:\n  annotations:\n    customer-impact/openslo: ./slos.yaml',
              },
              {
                label: 'slos.yaml',
                language: 'yaml',
                code: 'apiVersion: openslo/v1\nkind: SLO',
              },
            ],
            docsUrl: 'https://example.com/docs#slos',
          },
          lastUpdatedAt: null,
        },
      },
    });
    expect(screen.getByText('SLOs')).toBeInTheDocument();
    expect(screen.getByText('No SLOs yet.')).toBeVisible();
    const toggle = screen.getByRole('button', { name: /How to set it up/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(
      screen.getByText(
        'Add the customer-impact/openslo annotation pointing at an OpenSLO file.',
      ),
    ).not.toBeVisible();
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(
      screen.getByText(
        'Add the customer-impact/openslo annotation pointing at an OpenSLO file.',
      ),
    ).toBeVisible();
    // The snippets are highlighted code: read the whole text of each block.
    const snippets = Array.from(document.querySelectorAll('pre')).map(
      pre => pre.textContent,
    );
    expect(snippets).toEqual([
      expect.stringContaining('customer-impact/openslo: ./slos.yaml'),
      expect.stringContaining('apiVersion: openslo/v1\nkind: SLO'),
    ]);
    expect(
      screen.getByRole('link', { name: /^Read the docs/ }),
    ).toHaveAttribute('href', 'https://example.com/docs#slos');
  });

  it('shows the SLO facet failing with its reason inside the card', async () => {
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: {
        slos: {
          status: 'error',
          reason: 'SLO store unavailable',
          lastUpdatedAt: null,
        },
      },
    });
    expect(screen.getByText('SLOs')).toBeInTheDocument();
    expect(
      screen.getByText('Error: Could not load the SLOs'),
    ).toBeInTheDocument();
    expect(screen.getByText(/SLO store unavailable/)).toBeInTheDocument();
  });

  it('shows a healthy SLO: SLI with the precision its target needs, budget left, ok', async () => {
    // target 99.95 % (two decimals) → the SLI gets three: 0.99962 → 99.962 %.
    // consumed = (1 − 0.99962) / (1 − 0.9995) = 0.00038 / 0.0005 = 0.76 → 24.0 % left
    const slo = makeSlo({
      target: 0.9995,
      sli: 0.99962,
      budgetConsumed: 0.76,
      budgetRemaining: 0.24,
      burnRates: burnRates(
        {
          '5m': 0.2,
          '30m': 0.4,
          '1h': 0.75,
          '2h': 0.8,
          '6h': 0.9,
          '1d': 0.76,
          '3d': 0.76,
        },
        { target: 0.9995 },
      ),
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
    });
    expect(screen.getByText('1 SLO: 1 ok')).toBeInTheDocument();
    const row = screen.getByTestId('slo-availability');
    expect(within(row).getByText('Checkout availability')).toBeInTheDocument();
    expect(within(row).getByText('ok')).toBeInTheDocument();
    expect(
      byFullText('SLI 99.962 % vs target 99.95 % (last 30 days, Occurrences)'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('Error budget: 24.0 % left'),
    ).toBeInTheDocument();
    expect(
      byFullText(
        'Burn rate: 5m 0.20× · 30m 0.40× · 1h 0.75× · 2h 0.80× · 6h 0.90× · 1d 0.76× · 3d 0.76×',
      ),
    ).toBeInTheDocument();
    expect(within(row).queryByText(/low confidence/)).not.toBeInTheDocument();
    expect(
      byFullText(
        /^last data Nov 21, 2026, .* · window rolling 30d · computed Nov 21, 2026, .* · pushed$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /^https:\/\/git\.example\.com\/checkout\/slos\.yaml/,
      }),
    ).toHaveAttribute('href', 'https://git.example.com/checkout/slos.yaml');
  });

  it('shows a fast burn as page, with the rule that fired', async () => {
    const slo = makeSlo({
      state: 'page',
      sli: 0.9991,
      budgetRemaining: 0.1,
      burnRates: burnRates({
        '5m': 16,
        '30m': 15.5,
        '1h': 15.2,
        '2h': 9,
        '6h': 4,
        '1d': 1.2,
        '3d': 0.9,
      }),
      firedRule: {
        id: 'page-1h',
        action: 'page',
        longWindow: '1h',
        shortWindow: '5m',
        threshold: 14.4,
        longRate: 15.2,
        shortRate: 16,
        evaluable: true,
        exceeded: true,
        lowConfidence: false,
        fired: true,
      },
      // R · W / BR = 0.1 · 30 d / 15.2 = 0.197 d = 4 h 44 min (17,052.6 s)
      timeToExhaustionSeconds: 17_052.6,
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
    });
    expect(screen.getByText('1 SLO: 1 page')).toBeInTheDocument();
    expect(screen.getByTestId('slo-state-page')).toHaveTextContent('page');
    expect(
      screen.getByText(
        'page: burn rate 15.2× over 1h and 16.0× over 5m, both above 14.4×',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "at the last hour's burn rate the budget runs out in 4 h 44 min",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Error budget: 10.0 % left')).toBeInTheDocument();
  });

  it('shows a slow burn as ticket', async () => {
    const slo = makeSlo({
      state: 'ticket',
      burnRates: burnRates({
        '5m': 1.5,
        '30m': 1.4,
        '1h': 1.3,
        '2h': 1.3,
        '6h': 1.2,
        '1d': 1.2,
        '3d': 1.1,
      }),
      firedRule: {
        id: 'ticket-3d',
        action: 'ticket',
        longWindow: '3d',
        shortWindow: '6h',
        threshold: 1,
        longRate: 1.1,
        shortRate: 1.2,
        evaluable: true,
        exceeded: true,
        lowConfidence: false,
        fired: true,
      },
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
    });
    expect(screen.getByTestId('slo-state-ticket')).toHaveTextContent('ticket');
    expect(
      screen.getByText(
        'ticket: burn rate 1.10× over 3d and 1.20× over 6h, both above 1.00×',
      ),
    ).toBeInTheDocument();
  });

  it('says "no data" for an SLO without data, never 0 % or 100 %', async () => {
    const slo = makeSlo({
      state: 'no-data',
      sli: null,
      budgetConsumed: null,
      budgetRemaining: null,
      burnRates: burnRates({}),
      lastDataAt: null,
      lastSampleAt: null,
      eventsInWindow: 0,
      badEventsInWindow: 0,
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
    });
    expect(screen.getByText('1 SLO: 1 no data')).toBeInTheDocument();
    expect(screen.getByTestId('slo-state-no-data')).toHaveTextContent(
      'no data',
    );
    expect(
      byFullText('SLI no data vs target 99.9 % (last 30 days, Occurrences)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Error budget: no data')).toBeInTheDocument();
    expect(
      byFullText(
        'Burn rate: no data (no events in any window, up to the last 3d)',
      ),
    ).toBeInTheDocument();
    expect(
      byFullText(/^no data received yet · window rolling 30d/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/low confidence/)).not.toBeInTheDocument();
    const card = screen.getByTestId('slo-availability');
    expect(card.textContent).not.toMatch(/\b100(\.0+)? %/);
    expect(card.textContent).not.toMatch(/(^|[^.\d])0(\.0+)? %/);
  });

  it('shows an overspent budget as negative and says so', async () => {
    // target 99.9 %, SLI 99.87 %: consumed = 0.0013 / 0.001 = 1.3, remaining = −0.3
    const slo = makeSlo({
      sli: 0.9987,
      budgetConsumed: 1.3,
      budgetRemaining: -0.3,
      timeToExhaustionSeconds: 0,
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
    });
    expect(
      byFullText('SLI 99.87 % vs target 99.9 % (last 30 days, Occurrences)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Error budget overspent: −30.0 % (130.0 % of the budget used)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('budget exhausted')).toBeInTheDocument();
  });

  it('never rounds an SLI below target up to the target', async () => {
    const slo = makeSlo({
      target: 0.999,
      sli: 0.99899,
      budgetRemaining: -0.01,
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
    });
    // target 99.9 % → 2 decimals, but 99.899 at 2 decimals is 99.90, the
    // target, for an SLI below it → one more decimal: 99.899 %
    expect(
      byFullText('SLI 99.899 % vs target 99.9 % (last 30 days, Occurrences)'),
    ).toBeInTheDocument();
  });

  it('marks low-confidence burn rates and says why an alert was held back', async () => {
    const slo = makeSlo({
      burnRates: burnRates(
        {
          '5m': 20,
          '30m': 3,
          '1h': 16,
          '2h': 2,
          '6h': 1,
          '1d': 0.5,
          '3d': 0.4,
        },
        { lowConfidence: ['5m', '1h'], events: 40 },
      ),
      suppressedRules: ['page-1h'],
      lowConfidence: true,
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([slo]) },
    });
    expect(
      byFullText(
        'Burn rate: 5m 20.0×* · 30m 3.00× · 1h 16.0×* · 2h 2.00× · 6h 1.00× · 1d 0.50× · 3d 0.40×',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '* low confidence: too few events in that window to trust the rate',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'not alerting: page-1h exceeded the threshold on too few events (low confidence)',
      ),
    ).toBeInTheDocument();
  });

  it('lists problems with their file, document and field, next to the SLOs that work', async () => {
    const broken = makeSlo({
      key: 'latency',
      name: 'latency',
      displayName: null,
      supported: false,
      state: 'no-data',
      sli: null,
      budgetRemaining: null,
      problems: [targetProblem],
    });
    const slo = makeSlo();
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: {
        slos: makeFacet([slo, broken], {
          problems: [
            targetProblem,
            {
              ...targetProblem,
              severity: 'warning',
              documentIndex: 4,
              kind: 'Service',
              name: 'checkout',
              path: '',
              line: null,
              message: 'kind Service is ignored',
            },
          ],
        }),
      },
    });
    expect(screen.getByText('2 SLOs: 1 ok, 1 no data')).toBeInTheDocument();
    expect(
      byFullText(
        'error slos/checkout.yaml, document 3 (SLO latency), field spec.objectives[0].target, line 31: target must be at least 0 and below 1',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Problems (1 error)')).toBeInTheDocument();
    expect(
      byFullText(
        'warning slos/checkout.yaml, document 5 (Service checkout), whole document: kind Service is ignored',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Problems in the definitions (1 warning)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Not computed: this indicator is not a ratio metric (no data).',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('slo-availability')).getByText('ok'),
    ).toBeInTheDocument();
  });

  it('says when the definitions cannot be read, and when a pull fails', async () => {
    const slo = makeSlo({
      collection: {
        dataSource: 'prometheus',
        type: 'Prometheus',
        sourceInstalled: true,
        lastDataAt: null,
        lastSuccessAt: null,
        lastAttemptAt: '2026-11-21T11:58:00.000Z',
        lastError:
          'Prometheus rejected SLO component:default/checkout/availability, total query "x(" with HTTP 400: bad_data: parse error',
      },
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: {
        slos: makeFacet([slo], {
          status: 'error',
          fetchError: 'NotFoundError: slos.yaml not found',
        }),
      },
    });
    expect(
      screen.getByText(
        'Error: Could not read the SLO definitions (./slos.yaml)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /NotFoundError: slos\.yaml not found\. Showing what was read on Nov 21, 2026/,
      ),
    ).toBeInTheDocument();
    expect(
      byFullText(
        /^Last pull failed \(Nov 21, 2026, .*\): Prometheus rejected SLO .* with HTTP 400: bad_data: parse error$/,
      ),
    ).toBeInTheDocument();
    expect(
      byFullText(/pulled from Prometheus "prometheus"$/),
    ).toBeInTheDocument();
  });

  it('says the figures are stale when the latest pull failed, and why', async () => {
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: {
        slos: makeFacet([makeSlo()], {
          status: 'stale',
          reason:
            'the last pull of availability from prometheus failed at 2026-11-21T11:58:00.000Z (connect ECONNREFUSED 127.0.0.1:9090); its figures are from the data stored up to 2026-11-21T11:40:00.000Z',
        }),
      },
    });
    expect(
      screen.getByText('Warning: Stale: the latest pull of SLI data failed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /connect ECONNREFUSED 127\.0\.0\.1:9090\); its figures are from the data stored up to .*the next successful pull fills the gap\.$/,
      ),
    ).toBeInTheDocument();
    // The figures are still shown.
    expect(
      within(screen.getByTestId('slo-availability')).getByText('ok'),
    ).toBeInTheDocument();
  });

  it('says the definitions are being read', async () => {
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([], { status: 'pending', fetchedAt: null }) },
    });
    expect(
      screen.getByText(
        /Reading the SLO definitions from https:\/\/git\.example\.com\/checkout\/slos\.yaml/,
      ),
    ).toBeInTheDocument();
  });

  it('says which Prometheus server an SLO is pulled from, and when its DataSource is refused', async () => {
    const pulled = makeSlo({
      key: 'availability',
      collection: {
        dataSource: 'prometheus',
        type: 'Prometheus',
        sourceInstalled: true,
        server: 'Prometheus server "main" (http://prometheus.monitoring:9090)',
        allowed: true,
        lastDataAt: null,
        lastSuccessAt: null,
        lastAttemptAt: null,
        lastError: null,
      },
    });
    const refused = makeSlo({
      key: 'internal',
      name: 'internal',
      displayName: 'Internal',
      collection: {
        dataSource: 'internal',
        type: 'Prometheus',
        sourceInstalled: true,
        server: null,
        allowed: false,
        lastDataAt: null,
        lastSuccessAt: null,
        lastAttemptAt: null,
        lastError: null,
      },
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([pulled, refused]) },
    });
    expect(
      byFullText(
        /pulled from Prometheus server "main" \(http:\/\/prometheus\.monitoring:9090\)$/,
      ),
    ).toBeInTheDocument();
    expect(
      byFullText(/not pulled from Prometheus "internal" \(see the problems\)$/),
    ).toBeInTheDocument();
  });

  it('says which rules decided the state: an AlertPolicy condition, or Sloth with its alert as written', async () => {
    const policy = makeSlo({
      key: 'availability',
      state: 'page',
      alerting: {
        source: 'policies',
        description: 'AlertPolicy paging (1 burn-rate condition)',
        rules: [],
        conditions: [],
        firedCondition: {
          id: 'paging/fast',
          policy: 'paging',
          name: 'fast',
          severity: 'sev1',
          action: 'page',
          op: 'gte',
          threshold: 10,
          lookbackWindow: '1h',
          alertAfter: '5m',
          rate: 20,
          lowConfidence: false,
          breaching: true,
          heldSeconds: 300,
          fired: true,
          firedBy: 'breaching',
          suppressed: false,
        },
        sloth: null,
        notifyResolved: false,
      },
    });
    const sloth = makeSlo({
      key: 'checkout-requests',
      name: 'checkout-requests',
      displayName: 'requests',
      alerting: {
        source: 'sloth',
        description:
          "Sloth's multiwindow alerts CheckoutHighErrorRate (page alert disabled; ticket 1d/2h, 3d/6h)",
        rules: [],
        conditions: [],
        firedCondition: null,
        sloth: {
          name: 'CheckoutHighErrorRate',
          labels: { category: 'availability' },
          annotations: { summary: 'Too many 5xx' },
          page: { disabled: true, labels: {}, annotations: {} },
          ticket: {
            disabled: false,
            labels: { severity: 'slack' },
            annotations: {},
          },
        },
        notifyResolved: false,
      },
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([policy, sloth]) },
    });
    expect(
      screen.getByText(
        'page: paging / fast (severity sev1): burn rate 20.0× over 1h ≥ 10.0× for 5m',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Alerting rules: AlertPolicy paging (1 burn-rate condition) (the SRE Workbook table does not apply)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Alerting rules: Sloth's multiwindow alerts CheckoutHighErrorRate (page alert disabled; ticket 1d/2h, 3d/6h)",
      ),
    ).toBeInTheDocument();
    expect(
      byFullText(
        'Sloth alert CheckoutHighErrorRate: page alert disabled · ticket: category=availability, severity=slack · summary: Too many 5xx',
      ),
    ).toBeInTheDocument();
  });

  it('shows the release gate CI asks: open by default, closed by the rules of the annotation', async () => {
    const ticket = makeSlo({ state: 'ticket', budgetRemaining: 0.4 });
    const { rendered } = await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([ticket]) },
    });
    expect(
      within(screen.getByTestId('release-gate')).getByText(/^Release gate:/),
    ).toHaveTextContent('Release gate: open (page, exhausted, the default)');
    rendered.unmount();

    const strict = {
      ...checkout,
      metadata: {
        ...checkout.metadata,
        annotations: {
          'customer-impact/release-gate': 'ticket, min-budget:50%',
        },
      },
    };
    await renderForEntity(<SloCard />, {
      entity: strict,
      summary: { slos: makeFacet([ticket]) },
    });
    expect(
      within(screen.getByTestId('release-gate')).getByText(/^Release gate:/),
    ).toHaveTextContent(
      'Release gate: closed (ticket, min-budget:50%): SLO "Checkout availability" (availability) is in ticket state; SLO "Checkout availability" (availability) has 40 % of its error budget left over rolling 30d, below the 50 % this entity\'s gate requires',
    );
  });

  it('shows a composite SLO with each member’s figures and weight', async () => {
    const member = (
      key: string,
      name: string,
      weight: number,
      remaining: number,
    ) => ({
      ...makeSlo({
        key,
        displayName: name,
        sli: 0.999,
        target: 0.999,
        budgetRemaining: remaining,
      }),
      weight,
    });
    const journey = makeSlo({
      key: 'journey',
      displayName: 'Checkout journey',
      budgetRemaining: 0.125,
      members: [
        member('journey:0', 'API', 3, 0),
        member('journey:1', 'Payments', 1, 0.5),
      ],
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([journey]) },
    });
    expect(
      byFullText(/\(last 30 days, Occurrences, composite of 2 objectives\)$/),
    ).toBeInTheDocument();
    const members = within(screen.getByTestId('composite-journey'));
    expect(
      members.getByText(
        'API (weight 3): SLI 99.90 % vs 99.9 %, 0.0 % of its budget left, ok',
      ),
    ).toBeInTheDocument();
    expect(
      members.getByText(
        'Payments (weight 1): SLI 99.90 % vs 99.9 %, 50.0 % of its budget left, ok',
      ),
    ).toBeInTheDocument();
  });

  it('says what makes a slice of a threshold metric good', async () => {
    const latency = makeSlo({
      key: 'search-latency',
      budgetingMethod: 'Timeslices',
      threshold: { op: 'lte', value: 0.25 },
      slices: { measured: 12, good: 10, zeroTraffic: 0 },
    });
    await renderForEntity(<SloCard />, {
      entity: checkout,
      summary: { slos: makeFacet([latency]) },
    });
    expect(
      byFullText(
        'Threshold metric: a slice is good when its value is ≤ 0.25 (10 of 12 slices good)',
      ),
    ).toBeInTheDocument();
  });
});
