import { entityRouteRef, catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { CustomerImpactApi } from '@customer-impact/plugin-customer-impact-common';
import { screen, within } from '@testing-library/react';
import { customerImpactApiRef } from '../../api';
import { computeJourneyFigures } from '@customer-impact/plugin-customer-impact-common';
import {
  testEvents,
  testFeedback,
  testJourney,
  testReport,
} from '../../__testUtils__/journeys';
import { GoldenPathsPage, stuckMost } from './GoldenPathsPage';

jest.setTimeout(30_000);

function notGolden() {
  const j = testJourney();
  return {
    ...j,
    metadata: { ...j.metadata, name: 'on-call', title: 'First on-call shift' },
    spec: { ...j.spec, goldenPath: false, persona: 'on-call' },
  };
}

async function renderPage(
  api: Partial<CustomerImpactApi>,
  entities = [testJourney(), notGolden()],
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [customerImpactApiRef, api as CustomerImpactApi],
        [catalogApiRef, catalogApiMock({ entities })],
      ]}
    >
      <GoldenPathsPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('GoldenPathsPage', () => {
  it('lists the golden paths as checklists with time to complete and where people get stuck', async () => {
    const getJourneyFigures = jest.fn(async () => testReport());
    await renderPage({ getJourneyFigures });
    expect(screen.getByText('Golden paths')).toBeInTheDocument();
    // Only the golden path, not the on-call journey.
    expect(screen.getByText('Ship your first service')).toBeInTheDocument();
    expect(screen.queryByText('First on-call shift')).not.toBeInTheDocument();
    expect(getJourneyFigures).toHaveBeenCalledTimes(1);
    expect(getJourneyFigures).toHaveBeenCalledWith(
      'journey:default/first-service',
    );

    const body = document.body.textContent ?? '';
    // Time to first success needs the last step ("announce") completed: nobody
    // did, so 6 people started and no time is measured -> "no data".
    expect(body).toContain('Median no data, p90 no data');
    expect(body).toContain('from 6 people who started');
    // Nobody reached the last step yet: no data, not 0 %.
    expect(body).toContain(
      'On their own: no data of those who got there (no "I\'m stuck", no ticket naming a step)',
    );
    // Only "create" has k = 5 people answering: p0 and p1 stuck -> 2 people.
    expect(body).toContain(
      'Create a service from the template: 2 people stuck',
    );

    const checklist = screen.getByRole('list', {
      name: 'Checklist: Ship your first service',
    });
    const items = within(checklist).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('1. Create a service from the template');
    expect(items[0]).toHaveTextContent('Usually takes 12 min (expected 5 min)');
    expect(
      within(items[0]).getByRole('link', { name: 'example-nodejs-template' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/example-nodejs-template',
    );
    expect(items[1]).toHaveTextContent(
      'Usually takes withheld: fewer than 5 people',
    );
    expect(items[2]).toHaveTextContent('Usually takes no data');
    expect(
      screen.getByRole('link', { name: 'open the journey map' }),
    ).toHaveAttribute('href', '/catalog/default/journey/first-service');
  });

  it('says a step is withheld rather than "no data" when too few people answered', async () => {
    // Only the first three answers: p0 (twice) and p1, so 2 people answered on
    // "create": under k = 5, its stuck count is withheld.
    const report = {
      ...testReport(),
      ...computeJourneyFigures({
        journey: testJourney(),
        events: testEvents(),
        feedback: testFeedback().slice(0, 3),
        k: 5,
      }),
    };
    await renderPage({ getJourneyFigures: async () => report });
    expect(
      screen.getByText(
        '1 step not ranked: withheld to protect groups of fewer than 5 people.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/people stuck/)).not.toBeInTheDocument();
  });

  it('explains how to add a golden path when there is none', async () => {
    await renderPage({ getJourneyFigures: jest.fn() }, [notGolden()]);
    expect(screen.getByText('No golden paths yet')).toBeInTheDocument();
    expect(screen.getByText(/spec.goldenPath: true/)).toBeInTheDocument();
  });

  it('ranks steps by people stuck and counts the withheld ones apart', () => {
    const report = testReport();
    const { top, withheld } = stuckMost(report.steps);
    expect(top.map(s => s.stepId)).toEqual(['create']);
    // deploy and announce: nobody answered -> no data, not withheld.
    expect(withheld).toBe(0);
  });
});
