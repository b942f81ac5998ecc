import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import {
  ChangeRelief,
  CustomerImpactApi,
  PerWeekFigures,
  RecordedChange,
  SupportRelief,
  reliefWindows,
} from '@customer-impact/plugin-customer-impact-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { customerImpactApiRef } from '../../api';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { ChangesCard, EntityChangesCard } from './ChangesCard';
import { RecordChangeDialog } from './RecordChangeDialog';

jest.setTimeout(30_000);

const user = userEvent.setup({ delay: null });

// The worked example of the relief math: a change at Wednesday 3 March 2027
// 10:00 UTC, seen on 24 March 12:00 UTC, 3 whole weeks later.
const AT = '2027-03-03T10:00:00.000Z';
const V2 = 'api:default/payments-v2';

const change: RecordedChange = {
  id: 'PLAT-42',
  title: 'Self-service API keys',
  at: AT,
  entityRefs: [V2],
  url: 'https://github.com/acme/payments/pull/42',
  recordedBy: 'user:default/ada',
  recordedAt: AT,
};

const none: PerWeekFigures = { beforePerWeek: 0, afterPerWeek: 0 };

function support(
  before: number | null,
  after: number | null,
  kinds: Partial<SupportRelief['byKind']> = {},
  reasons: Partial<Pick<SupportRelief, 'beforeReason' | 'afterReason'>> = {},
): SupportRelief {
  return {
    beforePerWeek: before,
    afterPerWeek: after,
    before: before === null ? null : before * 4,
    after: after === null ? null : after * 3,
    byKind: {
      ticket: none,
      page: none,
      escalation: none,
      'manual-exception': none,
      ...kinds,
    },
    ...reasons,
  };
}

function relief(
  now: string,
  overrides: Partial<ChangeRelief> = {},
): ChangeRelief {
  const windows = reliefWindows({ at: AT, now, weeks: 4 });
  return {
    change,
    weeks: 4,
    weeksAfterElapsed: windows.weeksAfterElapsed,
    tooEarly: windows.tooEarly,
    windows,
    teams: [],
    entities: [],
    k: 5,
    computedAt: now,
    ...overrides,
  };
}

const measured = relief('2027-03-24T12:00:00.000Z', {
  teams: [
    {
      teamRef: 'group:default/team-checkout',
      title: 'Checkout team',
      consumes: [V2],
      // 12 tickets in 4 weeks, 1 in 3 weeks
      support: support(3, 1 / 3, {
        ticket: { beforePerWeek: 3, afterPerWeek: 1 / 3 },
      }),
    },
    {
      teamRef: 'group:default/team-billing',
      title: 'Billing team',
      consumes: [],
      support: support(1, 1, {
        ticket: { beforePerWeek: 0.5, afterPerWeek: 2 / 3 },
        page: { beforePerWeek: 0.5, afterPerWeek: 1 / 3 },
      }),
    },
    {
      teamRef: 'group:default/team-growth',
      title: 'Growth team',
      consumes: [V2],
      support: support(
        null,
        null,
        {},
        {
          beforeReason: 'no support event was ever recorded for these entities',
          afterReason: 'no support event was ever recorded for these entities',
        },
      ),
    },
  ],
  entities: [
    {
      entityRef: V2,
      title: 'Payments API v2',
      support: support(4, 4 / 3),
      slos: [
        {
          slo: 'availability',
          title: 'Payments availability',
          target: 0.99,
          before: { burnRate: 1.5, events: 2000, badEvents: 30 },
          after: { burnRate: 0.2, events: 1000, badEvents: 2 },
        },
      ],
      journeySteps: [
        {
          journeyRef: 'journey:default/first-service',
          journeyTitle: 'Ship your first service',
          stepId: 'pay',
          title: 'Take a first payment',
          medianSeconds: {
            before: { status: 'ok', value: 3 * 3600, people: 5 },
            after: { status: 'ok', value: 30 * 60, people: 5 },
          },
          stuckReportsPerWeek: {
            before: { status: 'ok', value: 1.25, people: 5 },
            after: {
              status: 'withheld',
              people: 1,
              k: 5,
              reason: 'fewer than k people',
            },
          },
        },
      ],
    },
  ],
});

function api(overrides: Partial<CustomerImpactApi> = {}) {
  return {
    listChanges: jest.fn(async () => ({ changes: [change] })),
    getChangeRelief: jest.fn(async () => measured),
    recordChanges: jest.fn(async () => ({
      inserted: 1,
      updated: 0,
      unchanged: 0,
    })),
    ...overrides,
  } as unknown as CustomerImpactApi & {
    listChanges: jest.Mock;
    getChangeRelief: jest.Mock;
    recordChanges: jest.Mock;
  };
}

async function render(element: JSX.Element, client: CustomerImpactApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[customerImpactApiRef, client]]}>
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('ChangesCard', () => {
  it('says the relief per consuming team and per entity, with its windows', async () => {
    const client = api();
    await render(<ChangesCard entityRefs={[V2]} />, client);

    expect(
      await screen.findByText('Checkout team: 3.0 → 0.3 tickets a week'),
    ).toBeInTheDocument();
    // tickets and pages: "support events"
    expect(
      screen.getByText('Billing team: 1.0 → 1.0 support events a week'),
    ).toBeInTheDocument();
    expect(screen.getByText('Growth team: no data')).toBeInTheDocument();
    expect(
      screen.getByText('All consumers: 4.0 → 1.3 support events a week'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('SLO Payments availability: burn rate 1.50× → 0.20×'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Step 'Take a first payment' (Ship your first service): median 3 h → 30 min; stuck reports 1.3 → withheld (fewer than 5 people) a week",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Before: Feb 3, 2027 to Mar 3, 2027 \(4 weeks\); after: Mar 3, 2027 to Mar 24, 2027 \(3 weeks of 4 so far\)\. Computed Mar 24, 2027/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Self-service API keys').closest('a'),
    ).toHaveAttribute('href', change.url);
    expect(screen.getByText(/by user:default\/ada\./)).toBeInTheDocument();

    // the relief reads green, the unchanged one does not
    expect(
      screen.getByText('Checkout team: 3.0 → 0.3 tickets a week'),
    ).toHaveAttribute('data-tone', 'relief');
    expect(
      screen.getByText('Billing team: 1.0 → 1.0 support events a week'),
    ).toHaveAttribute('data-tone', 'same');

    expect(client.listChanges).toHaveBeenCalledWith({
      entityRef: [V2],
      limit: 10,
    });
    expect(client.getChangeRelief).toHaveBeenCalledWith('PLAT-42', {
      weeks: 4,
    });
  });

  it('is too early to tell under one week: the after figures are not shown as 0', async () => {
    const early = relief('2027-03-06T10:00:00.000Z', {
      teams: [
        {
          teamRef: 'group:default/team-checkout',
          title: 'Checkout team',
          consumes: [V2],
          support: support(
            2.5,
            null,
            { ticket: { beforePerWeek: 2.5, afterPerWeek: null } },
            {
              afterReason:
                'too early to tell: less than a week has passed since the change (2027-03-03T10:00:00.000Z)',
            },
          ),
        },
      ],
    });
    await render(
      <ChangesCard entityRefs={[V2]} />,
      api({ getChangeRelief: jest.fn(async () => early) }),
    );
    expect(
      await screen.findByText(
        'Checkout team: 2.5 tickets a week before; after: too early to tell',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Relief: too early to tell, less than a week has passed since the change.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /after: too early to tell \(less than a week has passed\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/→ 0\.0/)).not.toBeInTheDocument();
  });

  it('says no data when no change is recorded', async () => {
    await render(
      <ChangesCard entityRefs={[V2]} />,
      api({ listChanges: jest.fn(async () => ({ changes: [] })) }),
    );
    expect(
      await screen.findByText(/^no data: no change recorded yet/),
    ).toBeInTheDocument();
  });

  it('on an entity page, lists the changes of that entity', async () => {
    const client = api();
    await renderForEntity(<EntityChangesCard />, {
      entity: entity('Component', 'payments-service'),
      api: client,
    });
    expect(
      await screen.findByText('Checkout team: 3.0 → 0.3 tickets a week'),
    ).toBeInTheDocument();
    expect(client.listChanges).toHaveBeenCalledWith({
      entityRef: ['component:default/payments-service'],
      limit: 10,
    });
  });

  it('records a change from the card and lists it again', async () => {
    const client = api();
    await render(<ChangesCard entityRefs={[V2]} />, client);
    await user.click(
      await screen.findByRole('button', { name: 'Record a change' }),
    );
    await user.type(
      screen.getByLabelText(/What changed/),
      'Webhook retries in order',
    );
    await user.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(client.recordChanges).toHaveBeenCalled());
    const [[body]] = client.recordChanges.mock.calls;
    expect(body.changes[0]).toMatchObject({
      title: 'Webhook retries in order',
      entityRefs: [V2],
    });
    await waitFor(() => expect(client.listChanges).toHaveBeenCalledTimes(2));
  });
});

describe('RecordChangeDialog', () => {
  it('posts the change through the client, the time with the reader’s offset', async () => {
    const client = api();
    const onRecorded = jest.fn();
    const onClose = jest.fn();
    await render(
      <RecordChangeDialog
        open
        onClose={onClose}
        onRecorded={onRecorded}
        entityRefs={[V2]}
        now={() => new Date('2027-03-03T10:00:00Z')}
      />,
      client,
    );
    await user.type(
      screen.getByLabelText(/What changed/),
      'Self-service API keys',
    );
    await user.type(
      screen.getByLabelText(/Link/),
      'https://github.com/acme/payments/pull/42',
    );
    await user.type(
      screen.getByLabelText(/Entities it concerns/),
      '{enter}component:default/payments-service',
    );
    await user.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(onRecorded).toHaveBeenCalled());
    const [[body]] = client.recordChanges.mock.calls;
    expect(body.changes).toHaveLength(1);
    expect(body.changes[0]).toEqual({
      id: expect.stringMatching(/^portal:/),
      title: 'Self-service API keys',
      // the tests run in UTC
      at: '2027-03-03T10:00:00.000+00:00',
      entityRefs: [V2, 'component:default/payments-service'],
      url: 'https://github.com/acme/payments/pull/42',
    });
    expect(onClose).toHaveBeenCalled();
  });

  it('shows the backend’s message when it refuses the change', async () => {
    // the error the typed client throws for the backend's 400
    const refused = await ResponseError.fromResponse({
      status: 400,
      statusText: 'Bad Request',
      headers: { get: () => 'application/json; charset=utf-8' },
      text: async () =>
        JSON.stringify({
          error: {
            name: 'InputError',
            message:
              'changes[0].entityRefs[0]: must be an entity ref such as "component:default/payments", got "payments"',
          },
          request: { method: 'POST', url: '/v1/changes' },
          response: { statusCode: 400 },
        }),
    } as unknown as Response);
    const onClose = jest.fn();
    await render(
      <RecordChangeDialog open onClose={onClose} entityRefs={['payments']} />,
      api({
        recordChanges: jest.fn(async () => {
          throw refused;
        }),
      }),
    );
    await user.type(screen.getByLabelText(/What changed/), 'Keys');
    await user.click(screen.getByRole('button', { name: 'Record' }));
    expect(
      await screen.findByText(
        'changes[0].entityRefs[0]: must be an entity ref such as "component:default/payments", got "payments"',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/The change was not recorded/)).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });
});
