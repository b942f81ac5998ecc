import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  EntityCustomerImpactSummary,
  JOURNEYS_HOW_TO,
  JourneyAtEntity,
  newHireExperienceAt,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { NotConfigured } from '../NotConfigured';
import { WithSummary, isFacetFailure } from '../summary';
import {
  FrictionLabel,
  describeWindow,
  frictionColour,
  frictionOf,
} from './figures';
import { formatShare, formatTimes } from '../format';
import { FrictionFigureLines, describeReading } from './StepFigures';
import { Figure } from './figures';

export { isJourneyStepEntity } from './isJourneyStepEntity';

const TITLE = 'Journeys that pass through here';

/** The compact line of an entity no journey passes through. */
export const JOURNEYS_NOT_CONFIGURED = 'No journey passes through here yet.';

function JourneyBlock(props: { journey: JourneyAtEntity }) {
  const { journey } = props;
  const theme = useTheme();
  return (
    <Box mb={2}>
      <Typography variant="subtitle1" component="h3">
        <EntityRefLink entityRef={journey.journeyRef} title={journey.title} />
        <Typography component="span" variant="body2" color="textSecondary">
          {' '}
          · {journey.persona}
          {journey.goldenPath ? ' · golden path' : ''}
        </Typography>
      </Typography>
      {journey.steps.map(step => {
        const friction = frictionOf(step);
        return (
          <Paper
            key={step.stepId}
            variant="outlined"
            style={{
              borderLeft: `6px solid ${frictionColour(theme, friction.level)}`,
              padding: theme.spacing(1),
              marginTop: theme.spacing(1),
            }}
          >
            <Box
              display="flex"
              justifyContent="space-between"
              style={{ gap: 8 }}
            >
              <Typography variant="body1">
                Step {step.position + 1}: {step.title}{' '}
                <Typography
                  component="span"
                  variant="body2"
                  color="textSecondary"
                >
                  ({step.stage})
                </Typography>
              </Typography>
              <FrictionLabel level={friction.level} />
            </Box>
            {friction.reasons.length > 0 && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {friction.reasons.join('; ')}
              </Typography>
            )}
            <FrictionFigureLines
              figures={step}
              reading={{
                docs: step.docsUpToHere,
                concepts: step.conceptsUpToHere,
              }}
            />
          </Paper>
        );
      })}
      <Typography variant="caption" color="textSecondary" component="div">
        {describeWindow(journey.window, journey.lastUpdatedAt)} Figures over
        fewer than {journey.k} people are withheld.
      </Typography>
    </Box>
  );
}

/**
 * What new hires go through here, in one line: "New hires: 3.4× the expected
 * time at First deploy · 45 % on their own · 4 docs and 3 concepts to read by
 * then".
 */
function NewHiresLine(props: { journeys: JourneyAtEntity[] }) {
  const experience = newHireExperienceAt(props.journeys);
  if (!experience) {
    return null;
  }
  return (
    <Box mb={2} data-testid="new-hires-here">
      <Typography variant="subtitle1" component="p">
        <strong>New hires:</strong>{' '}
        <Figure figure={experience.timeVsExpected} format={formatTimes} /> the
        expected time at {experience.step} ·{' '}
        <Figure figure={experience.selfServiceRate} format={formatShare} /> on
        their own ·{' '}
        {describeReading({
          docs: experience.docsUpToHere,
          concepts: experience.conceptsUpToHere,
        })}{' '}
        to read by then
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        The step of {experience.journey} here that takes new hires longest
        against its expected time
        {experience.steps > 1
          ? `, of ${experience.steps} new-hire steps here`
          : ''}
        .
      </Typography>
    </Box>
  );
}

function JourneysCardBody(props: { value: EntityCustomerImpactSummary }) {
  const { value } = props;
  const facet = value.journeys;
  if (!facet || facet.status === 'not-configured') {
    return (
      <NotConfigured
        title={TITLE}
        message={JOURNEYS_NOT_CONFIGURED}
        howTo={facet?.howTo ?? JOURNEYS_HOW_TO}
      />
    );
  }
  if (isFacetFailure(facet)) {
    // WithSummary shows the failure.
    return <></>;
  }
  if (facet.view === 'journey') {
    return (
      <InfoCard title={TITLE}>
        <Typography variant="body2">
          This is a journey: its map is on the Journey tab.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={TITLE}
      subheader={`${facet.journeys.length} ${
        facet.journeys.length === 1 ? 'journey' : 'journeys'
      }; the friction measured at the steps that go through here`}
    >
      <NewHiresLine journeys={facet.journeys} />
      {facet.journeys.map(journey => (
        <JourneyBlock key={journey.journeyRef} journey={journey} />
      ))}
    </InfoCard>
  );
}

/**
 * "Journeys that pass through here": for a component or API, the journeys
 * whose steps go through it, with the friction measured at those steps.
 *
 * @public
 */
export function JourneysCard() {
  return (
    <WithSummary title={TITLE} what="the journeys" facet="journeys">
      {summary => <JourneysCardBody value={summary} />}
    </WithSummary>
  );
}
