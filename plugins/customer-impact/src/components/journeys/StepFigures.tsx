import { JourneyFrictionFigures } from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';
import {
  formatCount,
  formatDuration,
  formatEffort,
  formatShare,
} from '../format';
import { Figure } from './figures';

/** "3 docs and 2 concepts", "1 doc and no concept". */
export function describeReading(reading: {
  docs: number;
  concepts: number;
}): string {
  const docs = `${formatCount(reading.docs)} ${
    reading.docs === 1 ? 'doc' : 'docs'
  }`;
  const concepts = `${formatCount(reading.concepts)} ${
    reading.concepts === 1 ? 'concept' : 'concepts'
  }`;
  return `${docs} and ${concepts}`;
}

/**
 * The measured figures of a step (or a whole journey), one line each:
 * time taken against the expected, completion, stuck reports, effort.
 */
export function FrictionFigureLines(props: {
  figures: JourneyFrictionFigures;
  /** "Time" for a step, "Time to first success" for a journey. */
  timeLabel?: string;
  /** For a step: the docs and concepts a newcomer reads up to it. */
  reading?: { docs: number; concepts: number };
}) {
  const { figures } = props;
  const count = (n: number) => formatCount(Math.round(n));
  return (
    <>
      <Typography variant="body2">
        {props.timeLabel ?? 'Time'}: median{' '}
        <Figure figure={figures.medianSeconds} format={formatDuration} />, p90{' '}
        <Figure figure={figures.p90Seconds} format={formatDuration} />
        {figures.expectedSeconds !== null ? (
          <> (expected {formatDuration(figures.expectedSeconds)})</>
        ) : (
          <> (no expected duration)</>
        )}
      </Typography>
      <Typography variant="body2">
        Started: {formatCount(figures.peopleStarted)}{' '}
        {figures.peopleStarted === 1 ? 'person' : 'people'}, completed:{' '}
        <Figure figure={figures.completionRate} format={formatShare} />
      </Typography>
      <Typography variant="body2">
        Stuck reports: <Figure figure={figures.stuckReports} format={count} />
      </Typography>
      <Typography variant="body2">
        Effort: <Figure figure={figures.meanEffort} format={formatEffort} />
      </Typography>
      <Typography variant="body2">
        Self-service:{' '}
        <Figure figure={figures.selfServiceRate} format={formatShare} /> of
        those who completed (no "I'm stuck", no ticket naming the step)
      </Typography>
      {props.reading && (
        <Typography variant="body2">
          To read by here: {describeReading(props.reading)}
        </Typography>
      )}
    </>
  );
}
