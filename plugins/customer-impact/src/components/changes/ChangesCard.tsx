import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  ChangeRelief,
  DEFAULT_RELIEF_WEEKS,
  RecordedChange,
  TOO_EARLY_TO_TELL,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Fragment, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { customerImpactApiRef } from '../../api';
import { formatDate, formatTimestamp } from '../format';
import {
  ReliefSentence,
  ReliefTone,
  describeJourneyStepRelief,
  describeSloRelief,
  describeSupportRelief,
} from './describe';
import { RecordChangeDialog } from './RecordChangeDialog';

const TITLE = 'Changes and relief';

/** How many changes the card lists. */
const CHANGES = 10;

function Sentence(props: { sentence: ReliefSentence; children?: never }) {
  const theme = useTheme();
  const colors: Record<ReliefTone, string> = {
    relief: theme.palette.success.main,
    worse: theme.palette.error.main,
    same: theme.palette.text.primary,
    early: theme.palette.text.secondary,
    'no-data': theme.palette.text.secondary,
  };
  return (
    <Typography
      variant="body2"
      style={{ color: colors[props.sentence.tone] }}
      data-tone={props.sentence.tone}
    >
      {props.sentence.text}
    </Typography>
  );
}

function describeWindows(relief: ChangeRelief): string {
  const { before, after } = relief.windows;
  const parts: string[] = [];
  parts.push(
    before
      ? `Before: ${formatDate(before.from)} to ${formatDate(before.to)} (${
          before.weeks
        } weeks)`
      : `Before: no data (${relief.windows.beforeReason})`,
  );
  if (after) {
    parts.push(
      `after: ${formatDate(after.from)} to ${formatDate(after.to)} (${
        after.weeks
      } ${after.weeks === 1 ? 'week' : 'weeks'}${
        after.weeks < relief.weeks ? ` of ${relief.weeks} so far` : ''
      })`,
    );
  } else {
    parts.push(`after: ${TOO_EARLY_TO_TELL} (less than a week has passed)`);
  }
  return `${parts.join('; ')}. Computed ${formatTimestamp(relief.computedAt)}.`;
}

/** The relief of one change: per consuming team, then per entity. */
export function ChangeReliefView(props: { relief: ChangeRelief }) {
  const { relief } = props;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      {relief.tooEarly && (
        <Typography variant="body2" color="textSecondary">
          Relief: {TOO_EARLY_TO_TELL}, less than a week has passed since the
          change.
        </Typography>
      )}
      <Typography variant="subtitle2">Consuming teams</Typography>
      {relief.teams.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          no data: no consuming team is known (none in the catalog, no support
          event names one).
        </Typography>
      ) : (
        relief.teams.map(team => (
          <Sentence
            key={team.teamRef}
            sentence={describeSupportRelief(team.title, team.support)}
          />
        ))
      )}
      {relief.entities.map(entity => (
        <Box key={entity.entityRef} mt={1}>
          <Typography variant="subtitle2">
            <EntityRefLink entityRef={entity.entityRef}>
              {entity.title}
            </EntityRefLink>
          </Typography>
          <Sentence
            sentence={describeSupportRelief('All consumers', entity.support)}
          />
          {entity.slos.map(slo => (
            <Sentence
              key={slo.slo}
              sentence={describeSloRelief({
                ...slo,
                title: `SLO ${slo.title}`,
              })}
            />
          ))}
          {entity.journeySteps.map(step => {
            const sentence = describeJourneyStepRelief(step);
            return (
              <Sentence
                key={`${step.journeyRef}#${step.stepId}`}
                sentence={{
                  ...sentence,
                  text: `Step '${step.title}' (${step.journeyTitle}): ${sentence.text}`,
                }}
              />
            );
          })}
        </Box>
      ))}
      <Typography variant="caption" color="textSecondary">
        {describeWindows(relief)} Journey figures over fewer than {relief.k}{' '}
        people are withheld.
      </Typography>
    </Box>
  );
}

function ChangeItem(props: { change: RecordedChange; weeks: number }) {
  const { change, weeks } = props;
  const api = useApi(customerImpactApiRef);
  const relief = useAsync(
    () => api.getChangeRelief(change.id, { weeks }),
    [api, change.id, change.recordedAt, weeks],
  );
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Typography variant="body1">
        <strong>
          {change.url ? (
            <Link to={change.url}>{change.title}</Link>
          ) : (
            change.title
          )}
        </strong>{' '}
        <Typography component="span" variant="body2" color="textSecondary">
          {formatTimestamp(change.at)}
        </Typography>
      </Typography>
      <Typography variant="caption" color="textSecondary">
        On{' '}
        {change.entityRefs.map((ref, i) => (
          <Fragment key={ref}>
            {i > 0 && ', '}
            <EntityRefLink entityRef={ref} hideIcon />
          </Fragment>
        ))}
        . Recorded {formatTimestamp(change.recordedAt)}
        {change.recordedBy ? ` by ${change.recordedBy}` : ''}.
      </Typography>
      {relief.loading && <Progress />}
      {relief.error && (
        <WarningPanel
          severity="warning"
          title="Could not load the relief"
          message={relief.error.message}
        />
      )}
      {relief.value && <ChangeReliefView relief={relief.value} />}
    </Box>
  );
}

/** Props of {@link ChangesCard}. */
export interface ChangesCardProps {
  /** The entities whose recorded changes are listed (any of them). */
  entityRefs: string[];
  /** Weeks compared before and after each change (default 4). */
  weeks?: number;
  /** The card's title. */
  title?: string;
}

/**
 * The recorded changes of one or more entities, newest first, each with its
 * relief per consuming team ("Checkout team: 3.0 → 0.3 tickets a week", "too
 * early to tell", "no data") and per entity (support events, SLO burn rates,
 * journey steps). A button records a new change.
 *
 * @public
 */
export function ChangesCard(props: ChangesCardProps) {
  const { entityRefs } = props;
  const weeks = props.weeks ?? DEFAULT_RELIEF_WEEKS;
  const title = props.title ?? TITLE;
  const api = useApi(customerImpactApiRef);
  const [recording, setRecording] = useState(false);
  const key = entityRefs.join(',');
  const changes = useAsyncRetry(
    () => api.listChanges({ entityRef: entityRefs, limit: CHANGES }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  const action = (
    <Button
      size="small"
      color="primary"
      variant="outlined"
      onClick={() => setRecording(true)}
    >
      Record a change
    </Button>
  );
  const dialog = (
    <RecordChangeDialog
      open={recording}
      onClose={() => setRecording(false)}
      onRecorded={() => changes.retry()}
      entityRefs={entityRefs}
    />
  );
  const subheader = `Support events, SLO burn and journey steps ${weeks} weeks before and after each change`;
  if (changes.loading && !changes.value) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (changes.error || !changes.value) {
    return (
      <InfoCard title={title}>
        <WarningPanel
          severity="error"
          title="Could not load the recorded changes"
          message={changes.error?.message}
        />
      </InfoCard>
    );
  }
  const list = changes.value.changes;
  return (
    <InfoCard title={title} subheader={subheader} action={action}>
      {list.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          no data: no change recorded yet. Record one here, or from CI with{' '}
          <code>POST /api/customer-impact/v1/changes</code>.
        </Typography>
      ) : (
        <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
          {list.map((change, i) => (
            <Fragment key={change.id}>
              {i > 0 && <Divider />}
              <ChangeItem change={change} weeks={weeks} />
            </Fragment>
          ))}
          {changes.value.nextCursor && (
            <Typography variant="caption" color="textSecondary">
              The {CHANGES} most recent changes are shown.
            </Typography>
          )}
        </Box>
      )}
      {dialog}
    </InfoCard>
  );
}

/**
 * The recorded changes of the entity on the page, with their relief.
 *
 * @public
 */
export function EntityChangesCard(props: { weeks?: number }) {
  const { entity } = useEntity();
  return (
    <ChangesCard
      entityRefs={[stringifyEntityRef(entity)]}
      weeks={props.weeks}
    />
  );
}
