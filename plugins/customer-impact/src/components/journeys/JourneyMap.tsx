import {
  InfoCard,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  JourneyFiguresReport,
  JourneyStartCohort,
  JourneyStepInContext,
  isJourneyEntity,
  journeySteps,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { customerImpactApiRef } from '../../api';
import { formatCount, formatDuration, formatShare } from '../format';
import {
  Figure,
  FrictionLabel,
  describeWindow,
  frictionColour,
  frictionOf,
} from './figures';
import { FrictionFigureLines } from './StepFigures';
import { StepFeedback } from './StepFeedback';
import { StepLinks } from './StepLinks';

function StepCard(props: {
  step: JourneyStepInContext;
  report: JourneyFiguresReport;
  journeyRef: string;
  namespace: string;
  onRecorded: () => void;
}) {
  const { step, report, journeyRef, namespace, onRecorded } = props;
  const theme = useTheme();
  const figures = report.steps.find(s => s.stepId === step.id);
  const friction = figures
    ? frictionOf(figures)
    : { level: 'unknown' as const, reasons: [] };
  return (
    <Paper
      variant="outlined"
      data-testid={`journey-step-${step.id}`}
      style={{
        borderLeft: `6px solid ${frictionColour(theme, friction.level)}`,
        padding: theme.spacing(1.5),
        marginBottom: theme.spacing(1.5),
      }}
    >
      <Box
        display="flex"
        justifyContent="space-between"
        alignItems="flex-start"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle1" component="h3">
          {step.position + 1}. {step.title}
        </Typography>
        <FrictionLabel level={friction.level} />
      </Box>
      {friction.reasons.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="div">
          {friction.reasons.join('; ')}
        </Typography>
      )}
      {step.description && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {step.description}
        </Typography>
      )}
      {figures && (
        <FrictionFigureLines
          figures={figures}
          reading={{
            docs: figures.docsUpToHere,
            concepts: figures.conceptsUpToHere,
          }}
        />
      )}
      {(step.concepts ?? []).length > 0 && (
        <Typography variant="body2">
          Concepts to learn: {(step.concepts ?? []).join(', ')}
        </Typography>
      )}
      <StepLinks step={step} namespace={namespace} />
      <StepFeedback
        journeyRef={journeyRef}
        stepId={step.id}
        stepTitle={step.title}
        onRecorded={onRecorded}
      />
    </Paper>
  );
}

const cohortColumns: TableColumn<JourneyStartCohort>[] = [
  { title: 'Started in (UTC month)', field: 'month' },
  { title: 'People', render: row => formatCount(row.peopleStarted) },
  {
    title: 'Reached the last step',
    render: row => <Figure figure={row.completionRate} format={formatShare} />,
  },
  {
    title: 'Median time to first success',
    render: row => (
      <Figure figure={row.medianSeconds} format={formatDuration} />
    ),
  },
  {
    title: 'Self-service',
    render: row => <Figure figure={row.selfServiceRate} format={formatShare} />,
  },
  {
    title: 'Middle half (p25 – p75)',
    render: row => (
      <>
        <Figure figure={row.p25Seconds} format={formatDuration} /> –{' '}
        <Figure figure={row.p75Seconds} format={formatDuration} />
      </>
    ),
  },
];

/**
 * The journey map of a Journey entity: its figures as a whole, then its
 * stages as columns and its steps as cards coloured by friction, each with its
 * measured time against the expected, completion, stuck reports and effort,
 * links to its entity, template and docs, and "Done" / "I'm stuck here".
 *
 * @public
 */
export function JourneyMap() {
  const { entity } = useEntity();
  const api = useApi(customerImpactApiRef);
  const journeyRef = stringifyEntityRef(entity);
  const {
    value: report,
    loading,
    error,
    retry,
  } = useAsyncRetry(() => api.getJourneyFigures(journeyRef), [api, journeyRef]);

  if (!isJourneyEntity(entity)) {
    return (
      <WarningPanel
        severity="info"
        title="Not a journey"
        message={`${journeyRef} is not a customer-impact/v1alpha1 Journey.`}
      />
    );
  }
  if (loading && !report) {
    return <Progress />;
  }
  if (error || !report) {
    return (
      <WarningPanel
        severity="error"
        title="Could not load the journey's figures"
        message={error?.message}
      />
    );
  }

  const namespace = entity.metadata.namespace ?? 'default';
  const steps = journeySteps(entity);
  const whole = report.journey;
  const friction = frictionOf(whole);
  const stages = (entity.spec.stages ?? []).map((stage, stageIndex) => ({
    name: stage.name,
    description: stage.description,
    steps: steps.filter(s => s.stageIndex === stageIndex),
  }));

  return (
    <Box>
      <InfoCard
        title={`Journey: ${entity.metadata.title ?? entity.metadata.name}`}
        subheader={describeWindow(report.window, report.lastUpdatedAt)}
      >
        <Typography variant="body2">
          Persona: <strong>{entity.spec.persona}</strong>
          {entity.spec.goldenPath ? ' · golden path' : ''} · owner{' '}
          <EntityRefLink entityRef={entity.spec.owner} defaultKind="group" />
        </Typography>
        {entity.spec.scenario && (
          <Typography variant="body2">
            Scenario: {entity.spec.scenario}
          </Typography>
        )}
        <Box mt={1} mb={1}>
          <FrictionLabel level={friction.level} />
        </Box>
        <FrictionFigureLines
          figures={whole}
          timeLabel="Time to first success"
        />
        <Typography variant="body2">
          To read and learn: {formatCount(whole.docs)}{' '}
          {whole.docs === 1 ? 'doc' : 'docs'}, {formatCount(whole.concepts)}{' '}
          {whole.concepts === 1 ? 'concept' : 'concepts'}
        </Typography>
        <Typography variant="caption" color="textSecondary" component="div">
          Every figure over fewer than {report.k} people is withheld. Medians
          and p90 use the nearest-rank method; a person's time runs from their
          first start to their first completion.
        </Typography>
      </InfoCard>

      <Box
        mt={2}
        display="flex"
        style={{ gap: 16, overflowX: 'auto' }}
        role="list"
        aria-label="Journey map"
      >
        {stages.map(stage => (
          <Box
            key={stage.name}
            role="listitem"
            aria-label={`Stage ${stage.name}`}
            style={{ minWidth: 300, flex: '1 0 300px' }}
          >
            <Typography variant="h6" component="h2">
              {stage.name}
            </Typography>
            {stage.description && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {stage.description}
              </Typography>
            )}
            <Box mt={1}>
              {stage.steps.map(step => (
                <StepCard
                  key={step.id}
                  step={step}
                  report={report}
                  journeyRef={journeyRef}
                  namespace={namespace}
                  onRecorded={retry}
                />
              ))}
            </Box>
          </Box>
        ))}
      </Box>

      {entity.spec.persona === 'new-hire' && whole.startCohorts.length > 0 && (
        <Box mt={2}>
          <Table<JourneyStartCohort>
            title="Time to first success and self-service by start month"
            subtitle={`Cohorts by the UTC month of each person's first start; ${describeWindow(
              report.window,
              report.lastUpdatedAt,
            )}`}
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={cohortColumns}
            data={whole.startCohorts}
          />
        </Box>
      )}
    </Box>
  );
}
