import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { CustomerImpactApi } from '@customer-impact/plugin-customer-impact-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { customerImpactApiRef } from '../../api';
import { testJourney, testReport } from '../../__testUtils__/journeys';
import { JourneyMap } from './JourneyMap';

jest.setTimeout(30_000);

async function renderMap(api: Partial<CustomerImpactApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[customerImpactApiRef, api as CustomerImpactApi]]}>
      <EntityProvider entity={testJourney()}>
        <JourneyMap />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('JourneyMap', () => {
  it('shows stages as columns and steps with their measured friction', async () => {
    const getJourneyFigures = jest.fn(async () => testReport());
    await renderMap({ getJourneyFigures });
    expect(getJourneyFigures).toHaveBeenCalledWith(
      'journey:default/first-service',
    );
    expect(
      screen.getByText('Journey: Ship your first service'),
    ).toBeInTheDocument();

    const stages = within(
      screen.getByRole('list', { name: 'Journey map' }),
    ).getAllByRole('listitem');
    expect(stages.map(s => s.getAttribute('aria-label'))).toEqual([
      'Stage Start',
      'Stage Ship',
    ]);

    const create = screen.getByTestId('journey-step-create');
    // 6 people, 10..15 min: median 12 min (rank 3); p90 is rank 6 of 6, the
    // slowest person's own 15 min: withheld.
    expect(create).toHaveTextContent(
      "Time: median 12 min, p90 withheld: one person's time (expected 5 min)",
    );
    expect(create).toHaveTextContent('Started: 6 people, completed: 100 %');
    // 12 min / 5 min = 2.4x the expected time.
    expect(within(create).getByText('high friction')).toBeInTheDocument();
    expect(create).toHaveTextContent('takes 2.4× the expected time');
    // p0 twice and p1 once: 3 reports, by 5 people who answered.
    expect(create).toHaveTextContent('Stuck reports: 3');
    // Efforts 6, 5, 4, 3, 2: mean 4.
    expect(create).toHaveTextContent('Effort: 4 / 7');
    // The stuck reports came after finishing; p5's ticket before: 5 / 6 = 83 %.
    expect(create).toHaveTextContent(
      'Self-service: 83 % of those who completed (no "I\'m stuck", no ticket naming the step)',
    );
    expect(create).toHaveTextContent('To read by here: 1 doc and 1 concept');
    expect(
      within(create).getByRole('link', { name: 'example-nodejs-template' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/example-nodejs-template',
    );
    expect(
      within(create).getByRole('link', {
        name: /docs\.example\.com\/golden-path\/create/,
      }),
    ).toHaveAttribute('href', 'https://docs.example.com/golden-path/create');
    expect(
      within(create).getByRole('link', { name: /payments-service/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-service');

    // 3 people on deploy: under k = 5, withheld and grey, never a number.
    const deploy = screen.getByTestId('journey-step-deploy');
    expect(deploy).toHaveTextContent(
      'Started: 3 people, completed: withheld: fewer than 5 people',
    );
    expect(deploy).toHaveTextContent(
      'Time: median withheld: fewer than 5 people',
    );
    expect(
      within(deploy).getByText('friction not measured'),
    ).toBeInTheDocument();
    expect(deploy).toHaveTextContent(
      'Self-service: withheld: fewer than 5 people',
    );

    // Nobody on announce: "no data", and no expected duration.
    const announce = screen.getByTestId('journey-step-announce');
    expect(announce).toHaveTextContent(
      'Time: median no data, p90 no data (no expected duration)',
    );
    // Nothing new to read after the first step: still 1 doc and 1 concept.
    expect(announce).toHaveTextContent('To read by here: 1 doc and 1 concept');

    // The new-hire cohort table: everyone started in November 2026.
    expect(
      screen.getByText('Time to first success and self-service by start month'),
    ).toBeInTheDocument();
    expect(screen.getByText('2026-11')).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Self-service' }),
    ).toBeInTheDocument();
    // Nobody reached the last step (announce): no data, not 0 %.
    const november = screen.getByText('2026-11').closest('tr')!;
    expect(november).toHaveTextContent(/no data/);
  });

  it('posts "I\'m stuck here" with the comment and effort, then reloads the figures', async () => {
    const getJourneyFigures = jest
      .fn()
      .mockResolvedValueOnce(testReport())
      .mockResolvedValueOnce(
        testReport([
          {
            stepId: 'create',
            subjectHash: 'p5',
            kind: 'stuck',
            at: '2026-11-21T12:00:00Z',
          },
        ]),
      );
    const postJourneyStepFeedback = jest.fn(async () => ({
      journeyRef: 'journey:default/first-service',
      stepId: 'create',
      kind: 'stuck' as const,
      effort: 6,
      withComment: true,
      at: '2026-11-21T12:00:00.000Z',
    }));
    await renderMap({ getJourneyFigures, postJourneyStepFeedback });

    const create = screen.getByTestId('journey-step-create');
    expect(create).toHaveTextContent('Stuck reports: 3');
    fireEvent.click(
      within(create).getByRole('button', { name: 'effort 6 of 7' }),
    );
    fireEvent.click(
      within(create).getByRole('button', { name: "I'm stuck here" }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(
      within(dialog).getByLabelText('What is in your way? (optional)'),
      {
        target: { value: '  npm install fails behind the proxy  ' },
      },
    );
    fireEvent.click(
      within(dialog).getByRole('button', { name: "Send: I'm stuck" }),
    );

    await waitFor(() =>
      expect(postJourneyStepFeedback).toHaveBeenCalledWith(
        'journey:default/first-service',
        'create',
        {
          kind: 'stuck',
          comment: 'npm install fails behind the proxy',
          effort: 6,
        },
      ),
    );
    expect(
      await screen.findByText(
        'Recorded: you are stuck here. Thank you, the owners will see it.',
      ),
    ).toBeInTheDocument();
    // One more report from a sixth person: 3 + 1 = 4.
    await waitFor(() =>
      expect(screen.getByTestId('journey-step-create')).toHaveTextContent(
        'Stuck reports: 4',
      ),
    );
    expect(getJourneyFigures).toHaveBeenCalledTimes(2);
  });

  it('posts "Done" without effort when none is chosen', async () => {
    const postJourneyStepFeedback = jest.fn(async () => ({
      journeyRef: 'journey:default/first-service',
      stepId: 'deploy',
      kind: 'done' as const,
      effort: null,
      withComment: false,
      at: '2026-11-21T12:00:00.000Z',
    }));
    await renderMap({
      getJourneyFigures: async () => testReport(),
      postJourneyStepFeedback,
    });
    const deploy = screen.getByTestId('journey-step-deploy');
    fireEvent.click(within(deploy).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(postJourneyStepFeedback).toHaveBeenCalledWith(
        'journey:default/first-service',
        'deploy',
        {
          kind: 'done',
        },
      ),
    );
    expect(
      await within(deploy).findByText(
        'Recorded: you are done with this step. Thank you.',
      ),
    ).toBeInTheDocument();
  });

  it('says so when the figures cannot be loaded', async () => {
    await renderMap({
      getJourneyFigures: async () => {
        throw new Error('backend down');
      },
    });
    expect(
      screen.getByText(/Could not load the journey's figures/),
    ).toBeInTheDocument();
    expect(screen.getByText('backend down')).toBeInTheDocument();
  });
});
