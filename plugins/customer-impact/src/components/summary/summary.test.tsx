import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  CustomerImpactApi,
  EntityCustomerImpactSummary,
  JOURNEYS_HOW_TO,
  JourneysFacet,
  SUPPORT_HOW_TO,
} from '@customer-impact/plugin-customer-impact-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { customerImpactApiRef } from '../../api';
import { deprecationFacet, entity } from '../../__testUtils__/render';
import { testJourney, testReport } from '../../__testUtils__/journeys';
import { makeFacet, makeSlo } from '../../__testUtils__/slo';
import { DeprecationBanner, DeprecationCard } from '../deprecation';
import { JourneyMap, JourneysCard } from '../journeys';
import { SloCard, SloContent } from '../slo';
import { SupportLoadCard } from '../support';

jest.setTimeout(60_000);

const checkout: Entity = {
  ...entity('Component', 'checkout', { lifecycle: 'deprecated' }),
  relations: [
    { type: 'dependsOn', targetRef: 'component:default/legacy-runner' },
  ],
};
const REF = 'component:default/checkout';

function summaryOf(
  facets: Partial<EntityCustomerImpactSummary>,
): EntityCustomerImpactSummary {
  return {
    entityRef: REF,
    generatedAt: '2026-11-21T12:00:00Z',
    deprecation: deprecationFacet({
      deprecated: true,
      dependents: [{ entityRef: 'component:default/billing', ownerRef: null }],
    }),
    slos: makeFacet([makeSlo()]),
    supportLoad: {
      status: 'not-configured',
      howTo: SUPPORT_HOW_TO,
      lastUpdatedAt: null,
    },
    journeys: {
      status: 'not-configured',
      journeys: [],
      howTo: JOURNEYS_HOW_TO,
      lastUpdatedAt: null,
    },
    painIndex: {
      value: null,
      window: {
        from: '2026-10-24T12:00:00Z',
        to: '2026-11-21T12:00:00Z',
      },
      terms: [],
      noData: ['deprecation', 'slos', 'journeys', 'supportLoad'],
    },
    ...facets,
  };
}

/** Renders elements on the pages of the given entities, sharing one API. */
async function renderPages(
  api: Partial<CustomerImpactApi>,
  pages: Array<{ entity: Entity; element: JSX.Element }>,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[customerImpactApiRef, api as CustomerImpactApi]]}>
      {pages.map(page => (
        <EntityProvider key={page.entity.metadata.name} entity={page.entity}>
          {page.element}
        </EntityProvider>
      ))}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('one summary loader per entity page', () => {
  it('asks for the summary once for all the cards and the tab of one entity', async () => {
    const getEntitySummary = jest.fn(async () => summaryOf({}));
    const getEntitySlo = jest.fn(async () => ({
      entityRef: REF,
      slo: makeSlo(),
      burndown: [],
    }));
    await renderPages({ getEntitySummary, getEntitySlo }, [
      {
        entity: checkout,
        element: (
          <>
            <DeprecationBanner />
            <DeprecationCard />
            <SloCard />
            <SupportLoadCard />
            <JourneysCard />
            <SloContent />
          </>
        ),
      },
    ]);
    expect(
      await screen.findByText('Warning: This Component is deprecated'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 dependent still to migrate'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 SLO: 1 ok')).toBeInTheDocument();
    expect(screen.getByText('Not set up for this entity')).toBeInTheDocument();
    expect(
      screen.getByText('No journey passes through here yet.'),
    ).toBeInTheDocument();
    expect(getEntitySummary).toHaveBeenCalledTimes(1);
    expect(getEntitySummary).toHaveBeenCalledWith(REF);
  });

  it('serves the other cards when one facet fails, with the reason in its card only', async () => {
    const getEntitySummary = jest.fn(async () =>
      summaryOf({
        slos: {
          status: 'error',
          reason: 'SLO store unavailable',
          lastUpdatedAt: null,
        },
      }),
    );
    await renderPages({ getEntitySummary }, [
      {
        entity: checkout,
        element: (
          <>
            <DeprecationCard />
            <SloCard />
          </>
        ),
      },
    ]);
    expect(
      screen.getByText('Error: Could not load the SLOs'),
    ).toBeInTheDocument();
    expect(screen.getByText(/SLO store unavailable/)).toBeInTheDocument();
    expect(
      screen.getByText('1 dependent still to migrate'),
    ).toBeInTheDocument();
  });

  it('loads the figures of every card again after an SLO refresh', async () => {
    const page = makeSlo({
      state: 'page',
      computedAt: '2026-11-21T12:05:00.000Z',
    });
    const getEntitySummary = jest
      .fn()
      .mockResolvedValueOnce(summaryOf({}))
      .mockResolvedValueOnce(summaryOf({ slos: makeFacet([page]) }));
    const refreshEntitySlos = jest.fn(async () => makeFacet([page]));
    const getEntitySlo = jest.fn(async () => ({
      entityRef: REF,
      slo: page,
      burndown: [],
    }));
    await renderPages({ getEntitySummary, refreshEntitySlos, getEntitySlo }, [
      {
        entity: checkout,
        element: (
          <>
            <SloCard />
            <SloContent />
          </>
        ),
      },
    ]);
    expect(screen.getByText('1 SLO: 1 ok')).toBeInTheDocument();
    expect(getEntitySummary).toHaveBeenCalledTimes(1);

    fireEvent.click(
      screen.getByRole('button', { name: 'Read the definitions again' }),
    );
    await waitFor(() => expect(refreshEntitySlos).toHaveBeenCalledWith(REF));
    expect(await screen.findByText('1 SLO: 1 page')).toBeInTheDocument();
    expect(getEntitySummary).toHaveBeenCalledTimes(2);
    // The SLO tab's burndown follows the new figures too.
    await waitFor(() => expect(getEntitySlo).toHaveBeenCalledTimes(2));
  });

  it('loads the journeys figures of the entity pages again after "I\'m stuck here"', async () => {
    const report = testReport();
    const { startCohorts: _c, ...whole } = report.journey;
    const through = (stuck: typeof report): JourneysFacet => ({
      status: 'ok',
      view: 'passes-through',
      lastUpdatedAt: stuck.lastUpdatedAt,
      journeys: [
        {
          journeyRef: 'journey:default/first-service',
          title: 'Ship your first service',
          persona: 'new-hire',
          goldenPath: true,
          k: 5,
          journey: whole,
          steps: [{ ...stuck.steps[0], expectedDuration: 'PT5M' }],
          window: stuck.window,
          lastUpdatedAt: stuck.lastUpdatedAt,
        },
      ],
    });
    const after = testReport([
      {
        stepId: 'create',
        subjectHash: 'p5',
        kind: 'stuck',
        at: '2026-11-21T12:00:00Z',
      },
    ]);
    const getEntitySummary = jest
      .fn()
      .mockResolvedValueOnce(summaryOf({ journeys: through(report) }))
      .mockResolvedValueOnce(summaryOf({ journeys: through(after) }));
    const getJourneyFigures = jest
      .fn()
      .mockResolvedValueOnce(report)
      .mockResolvedValueOnce(after);
    const postJourneyStepFeedback = jest.fn(async () => ({
      journeyRef: 'journey:default/first-service',
      stepId: 'create',
      kind: 'stuck' as const,
      effort: null,
      withComment: false,
      at: '2026-11-21T12:00:00.000Z',
    }));
    await renderPages(
      { getEntitySummary, getJourneyFigures, postJourneyStepFeedback },
      [
        { entity: checkout, element: <JourneysCard /> },
        { entity: testJourney(), element: <JourneyMap /> },
      ],
    );
    const card = screen
      .getByText('Journeys that pass through here')
      .closest('div[class*="MuiCard-root"]') as HTMLElement;
    expect(card).toHaveTextContent('Stuck reports: 3');
    expect(getEntitySummary).toHaveBeenCalledTimes(1);

    const create = screen.getByTestId('journey-step-create');
    fireEvent.click(
      within(create).getByRole('button', { name: "I'm stuck here" }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: "Send: I'm stuck" }),
    );

    await waitFor(() => expect(postJourneyStepFeedback).toHaveBeenCalled());
    // 3 reports + the new one: the card of the component shows 4.
    await waitFor(() => expect(card).toHaveTextContent('Stuck reports: 4'));
    expect(getEntitySummary).toHaveBeenCalledTimes(2);
    await waitFor(() =>
      expect(screen.getByTestId('journey-step-create')).toHaveTextContent(
        'Stuck reports: 4',
      ),
    );
  });
});
