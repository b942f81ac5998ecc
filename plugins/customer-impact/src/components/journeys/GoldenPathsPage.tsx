import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  JOURNEY_KIND,
  JourneyEntityV1alpha1,
  JourneyFiguresReport,
  JourneyStepFigures,
  isJourneyEntity,
  journeySteps,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckBoxOutlineBlank from '@material-ui/icons/CheckBoxOutlineBlank';
import useAsync from 'react-use/esm/useAsync';
import { customerImpactApiRef } from '../../api';
import { formatCount, formatDuration, formatShare } from '../format';
import { Figure, FrictionLabel, describeWindow, frictionOf } from './figures';
import { StepLinks } from './StepLinks';

/** How many steps "where people get stuck most" lists. */
const STUCK_STEPS = 3;

/**
 * The steps with the most people stuck, most first. Steps whose stuck count is
 * withheld or not measured cannot be ranked; they are counted apart.
 */
export function stuckMost(steps: JourneyStepFigures[]) {
  const ranked = steps
    .filter(s => s.peopleStuck.status === 'ok' && s.peopleStuck.value > 0)
    .sort((a, b) => {
      const av = a.peopleStuck.status === 'ok' ? a.peopleStuck.value : 0;
      const bv = b.peopleStuck.status === 'ok' ? b.peopleStuck.value : 0;
      return bv - av || a.position - b.position;
    });
  const unranked = steps.filter(s => s.peopleStuck.status === 'withheld');
  return { top: ranked.slice(0, STUCK_STEPS), withheld: unranked.length };
}

function StuckMostList(props: { report: JourneyFiguresReport }) {
  const { top, withheld } = stuckMost(props.report.steps);
  if (top.length > 0) {
    return (
      <ol style={{ margin: 0, paddingLeft: 20 }}>
        {top.map(step => (
          <li key={step.stepId}>
            <Typography variant="body2">
              {step.title}:{' '}
              {step.peopleStuck.status === 'ok' &&
                `${formatCount(step.peopleStuck.value)} ${
                  step.peopleStuck.value === 1 ? 'person' : 'people'
                } stuck`}
            </Typography>
          </li>
        ))}
      </ol>
    );
  }
  if (withheld > 0) {
    // The withheld steps are counted below, with the reason.
    return null;
  }
  return (
    <Typography variant="body2" color="textSecondary">
      {props.report.steps.some(s => s.peopleStuck.status === 'ok')
        ? 'Nobody has reported being stuck.'
        : 'no data'}
    </Typography>
  );
}

function GoldenPath(props: {
  journey: JourneyEntityV1alpha1;
  report: JourneyFiguresReport | undefined;
  error?: Error;
}) {
  const { journey, report, error } = props;
  const namespace = journey.metadata.namespace ?? 'default';
  const steps = journeySteps(journey);
  const ref = stringifyEntityRef(journey);
  const stuck = report ? stuckMost(report.steps) : null;
  return (
    <InfoCard
      title={journey.metadata.title ?? journey.metadata.name}
      subheader={
        report
          ? describeWindow(report.window, report.lastUpdatedAt)
          : 'Figures not loaded'
      }
    >
      {journey.metadata.description && (
        <Typography variant="body2" paragraph>
          {journey.metadata.description}
        </Typography>
      )}
      <Typography variant="body2">
        For <strong>{journey.spec.persona}</strong> ·{' '}
        <EntityRefLink entityRef={ref} title="open the journey map" />
      </Typography>
      {error && (
        <WarningPanel
          severity="warning"
          title="Could not load the figures"
          message={error.message}
        />
      )}
      {report && (
        <Box mt={1}>
          <Typography variant="subtitle2" component="h3">
            Time to complete (first start to first success)
          </Typography>
          <Typography variant="body2">
            Median{' '}
            <Figure
              figure={report.journey.medianSeconds}
              format={formatDuration}
            />
            , p90{' '}
            <Figure
              figure={report.journey.p90Seconds}
              format={formatDuration}
            />
            {report.journey.expectedSeconds !== null && (
              <> (expected {formatDuration(report.journey.expectedSeconds)})</>
            )}
            , from {formatCount(report.journey.peopleStarted)}{' '}
            {report.journey.peopleStarted === 1 ? 'person' : 'people'} who
            started
          </Typography>
          <Typography variant="body2">
            On their own:{' '}
            <Figure
              figure={report.journey.selfServiceRate}
              format={formatShare}
            />{' '}
            of those who got there (no "I'm stuck", no ticket naming a step)
          </Typography>
          <Typography
            variant="subtitle2"
            component="h3"
            style={{ marginTop: 8 }}
          >
            Where people get stuck most
          </Typography>
          <StuckMostList report={report} />
          {stuck && stuck.withheld > 0 && (
            <Typography variant="caption" color="textSecondary" component="div">
              {stuck.withheld} {stuck.withheld === 1 ? 'step' : 'steps'} not
              ranked: withheld to protect groups of fewer than {report.k}{' '}
              people.
            </Typography>
          )}
        </Box>
      )}
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 8 }}>
        Steps
      </Typography>
      <List
        dense
        aria-label={`Checklist: ${
          journey.metadata.title ?? journey.metadata.name
        }`}
      >
        {steps.map(step => {
          const figures = report?.steps.find(s => s.stepId === step.id);
          const friction = figures ? frictionOf(figures) : null;
          return (
            <ListItem key={step.id} alignItems="flex-start" divider>
              <ListItemIcon style={{ minWidth: 32 }}>
                <CheckBoxOutlineBlank fontSize="small" />
              </ListItemIcon>
              <ListItemText
                disableTypography
                primary={
                  <Box display="flex" style={{ gap: 8 }} alignItems="center">
                    <Typography variant="body1">
                      {step.position + 1}. {step.title}
                    </Typography>
                    <Typography variant="caption" color="textSecondary">
                      {step.stage}
                    </Typography>
                    {friction && <FrictionLabel level={friction.level} />}
                  </Box>
                }
                secondary={
                  <>
                    {figures && (
                      <Typography variant="body2" color="textSecondary">
                        Usually takes{' '}
                        <Figure
                          figure={figures.medianSeconds}
                          format={formatDuration}
                        />
                        {step.expectedDuration &&
                          figures.expectedSeconds !== null &&
                          ` (expected ${formatDuration(
                            figures.expectedSeconds,
                          )})`}
                      </Typography>
                    )}
                    <StepLinks step={step} namespace={namespace} />
                  </>
                }
              />
            </ListItem>
          );
        })}
      </List>
    </InfoCard>
  );
}

/**
 * The Golden Paths page: the golden-path journeys (`spec.goldenPath: true`),
 * each as a checklist of steps linking to templates, docs and entities, with
 * the measured time to complete and the steps where people get stuck most.
 *
 * @public
 */
export function GoldenPathsPage() {
  const catalogApi = useApi(catalogApiRef);
  const api = useApi(customerImpactApiRef);
  const { value, loading, error } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: JOURNEY_KIND },
    });
    const journeys = items
      .filter(isJourneyEntity)
      .filter(j => j.spec?.goldenPath === true)
      // New hires' paths first, then by title.
      .sort(
        (a, b) =>
          Number(b.spec.persona === 'new-hire') -
            Number(a.spec.persona === 'new-hire') ||
          (a.metadata.title ?? a.metadata.name).localeCompare(
            b.metadata.title ?? b.metadata.name,
          ),
      );
    return Promise.all(
      journeys.map(async journey => {
        try {
          return {
            journey,
            report: await api.getJourneyFigures(stringifyEntityRef(journey)),
          };
        } catch (e) {
          return { journey, report: undefined, error: e as Error };
        }
      }),
    );
  }, [catalogApi, api]);

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error || !value) {
    content = (
      <WarningPanel
        severity="error"
        title="Could not load the golden paths"
        message={error?.message}
      />
    );
  } else if (value.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No golden paths yet"
        description="A golden path is a Journey entity with spec.goldenPath: true (apiVersion customer-impact/v1alpha1, kind Journey). Register one in the catalog and it shows here."
      />
    );
  } else {
    content = (
      <Grid container spacing={3}>
        {value.map(item => (
          <Grid item xs={12} md={6} key={stringifyEntityRef(item.journey)}>
            <GoldenPath
              journey={item.journey}
              report={item.report}
              error={item.error}
            />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <Page themeId="home">
      <Header
        title="Golden paths"
        subtitle="The supported way to build and ship here: what to do first, in what order, how long it really takes, and where people get stuck"
      />
      <Content>{content}</Content>
    </Page>
  );
}
