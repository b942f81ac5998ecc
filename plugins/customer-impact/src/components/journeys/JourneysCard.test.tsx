import { JourneysFacet } from '@customer-impact/plugin-customer-impact-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entity, renderForEntity } from '../../__testUtils__/render';
import { testReport } from '../../__testUtils__/journeys';
import { JourneysCard, isJourneyStepEntity } from './JourneysCard';

jest.setTimeout(30_000);

function passingThrough(): JourneysFacet {
  const report = testReport();
  const { startCohorts: _c, ...whole } = report.journey;
  return {
    status: 'ok',
    view: 'passes-through',
    lastUpdatedAt: report.lastUpdatedAt,
    journeys: [
      {
        journeyRef: 'journey:default/first-service',
        title: 'Ship your first service',
        persona: 'new-hire',
        goldenPath: true,
        k: 5,
        journey: whole,
        steps: [{ ...report.steps[0], expectedDuration: 'PT5M' }],
        window: report.window,
        lastUpdatedAt: report.lastUpdatedAt,
      },
    ],
  };
}

describe('JourneysCard', () => {
  it('lists the journeys through the entity with the friction at its steps', async () => {
    await renderForEntity(<JourneysCard />, {
      entity: entity('Component', 'payments-service'),
      summary: { journeys: passingThrough() },
    });
    expect(
      screen.getByText('Journeys that pass through here'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '1 journey; the friction measured at the steps that go through here',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Ship your first service' }),
    ).toHaveAttribute('href', '/catalog/default/journey/first-service');
    expect(screen.getByText(/new-hire · golden path/)).toBeInTheDocument();
    expect(
      screen.getByText(/Step 1: Create a service from the template/),
    ).toBeInTheDocument();
    // 6 people taking 10..15 min: median 12 min (rank 3); p90 is rank 6 of 6,
    // the slowest person's own time: withheld. 12 / 5 min expected = 2.4x ->
    // high friction.
    expect(screen.getByText('high friction')).toBeInTheDocument();
    expect(
      screen.getByText('takes 2.4× the expected time'),
    ).toBeInTheDocument();
    const body = document.body.textContent ?? '';
    expect(body).toContain(
      "Time: median 12 min, p90 withheld: one person's time (expected 5 min)",
    );
    expect(body).toContain('Stuck reports: 3');
    expect(body).toContain('Effort: 4 / 7');
    expect(body).toContain('Figures over fewer than 5 people are withheld.');
    // What new hires go through here: the step at 2.4×, 5 of 6 on their own.
    expect(screen.getByTestId('new-hires-here')).toHaveTextContent(
      'New hires: 2.4× the expected time at Create a service from the template · 83 % on their own · 1 doc and 1 concept to read by then',
    );
    expect(body).toContain('Self-service: 83 % of those who completed');
    expect(body).toMatch(
      /All recorded events and answers, from .* to .*; last updated /,
    );
  });

  it('shows the YAML to add when no journey passes through', async () => {
    await renderForEntity(<JourneysCard />, {
      entity: entity('API', 'payments-v2'),
      summary: {
        journeys: {
          status: 'not-configured',
          journeys: [],
          howTo: {
            text: 'Add a Journey entity with a step whose entityRef is this entity.',
            snippets: [
              {
                label: 'journeys/first-deploy.yaml',
                language: 'yaml',
                code: 'kind: Journey\n  entityRef: api:default/payments-v2',
              },
            ],
            docsUrl: 'https://example.com/docs#journeys',
          },
          lastUpdatedAt: null,
        },
      },
    });
    expect(
      screen.getByText(/No journey passes through here yet/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: /How to set it up/ }),
    );
    expect(
      screen.getByText(
        'Add a Journey entity with a step whose entityRef is this entity.',
      ),
    ).toBeVisible();
    // The YAML in its snippet, without the sentence.
    const snippets = Array.from(document.querySelectorAll('pre')).map(
      pre => pre.textContent,
    );
    expect(snippets).toEqual([
      expect.stringContaining('entityRef: api:default/payments-v2'),
    ]);
    expect(snippets[0]).not.toContain('Add a Journey entity');
  });

  it('shows only on entities a journey step goes through', () => {
    expect(isJourneyStepEntity(entity('Component', 'x'))).toBe(false);
    expect(
      isJourneyStepEntity({
        ...entity('Component', 'x'),
        relations: [
          {
            type: 'customer-impact/journeyStepOf',
            targetRef: 'journey:default/j',
          },
        ],
      }),
    ).toBe(true);
  });
});
