import {
  JourneyFigure,
  JourneyFiguresWindow,
  JourneyFrictionFigures,
  JourneyFrictionLevel,
  JourneyFrictionReason,
  JourneyWithheldFigure,
  journeyFrictionOf,
} from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';
import { Theme, useTheme } from '@material-ui/core/styles';
import {
  formatDay,
  formatEffort,
  formatShare,
  formatTimes,
  formatTimestamp,
} from '../format';

/** The words shown instead of a figure that is not measured. */
export function unmeasuredText(figure: JourneyFigure): string | null {
  if (figure.status === 'withheld') {
    switch (figure.reason) {
      case 'protects a smaller group':
        return 'withheld: protects a smaller group';
      case "one person's extreme":
        return "withheld: one person's time";
      default:
        return `withheld: fewer than ${figure.k} people`;
    }
  }
  if (figure.status === 'no-data') {
    return 'no data';
  }
  return null;
}

/** Why a figure is withheld, in a sentence (the tooltip). */
function withheldTitle(figure: JourneyWithheldFigure): string {
  switch (figure.reason) {
    case 'protects a smaller group':
      return `Withheld although it covers ${figure.people} people: with the total it would give away a figure of fewer than ${figure.k} people`;
    case "one person's extreme":
      return `Over ${figure.people} people this percentile is the fastest or the slowest person's own time`;
    default:
      return `Only ${figure.people} ${
        figure.people === 1 ? 'person' : 'people'
      }: figures over fewer than ${
        figure.k
      } people are withheld to protect them`;
  }
}

/**
 * One figure: its value, or grey words saying why there is none
 * ("withheld: fewer than 5 people", "no data"). Never a 0 that was not measured.
 */
export function Figure(props: {
  figure: JourneyFigure;
  format: (value: number) => string;
}) {
  const { figure, format } = props;
  if (figure.status === 'ok') {
    return <span>{format(figure.value)}</span>;
  }
  let title: string;
  if (figure.status === 'withheld') {
    title = withheldTitle(figure);
  } else {
    title = figure.reason ?? 'Nobody has been measured here yet';
  }
  return (
    <Typography
      component="span"
      variant="inherit"
      color="textSecondary"
      title={title}
      data-figure-status={figure.status}
    >
      {unmeasuredText(figure)}
    </Typography>
  );
}

/** How much a step (or journey) hurts, from its measured figures. */
export type FrictionLevel = JourneyFrictionLevel;

/** The words for one reason of friction: "takes 2.4× the expected time". */
function frictionReasonText(reason: JourneyFrictionReason): string {
  switch (reason.signal) {
    case 'timeVsExpected':
      return `takes ${formatTimes(reason.value)} the expected time`;
    case 'dropOff':
      return `${formatShare(reason.value)} do not complete it`;
    case 'meanEffort':
      return `effort ${formatEffort(reason.value)}`;
    default:
      return `${formatShare(reason.value)} of those who answered got stuck`;
  }
}

/**
 * The friction of a step (computed in -common by `journeyFrictionOf`), with
 * its reasons in words.
 */
export function frictionOf(figures: JourneyFrictionFigures): {
  level: FrictionLevel;
  reasons: string[];
} {
  const friction = journeyFrictionOf(figures);
  return {
    level: friction.level,
    reasons: friction.reasons.map(frictionReasonText),
  };
}

/** The words for a friction level. */
export const frictionLabel: Record<FrictionLevel, string> = {
  high: 'high friction',
  some: 'some friction',
  low: 'low friction',
  unknown: 'friction not measured',
};

/** The theme colour of a friction level: error, warning, success, grey. */
export function frictionColour(theme: Theme, level: FrictionLevel): string {
  switch (level) {
    case 'high':
      return theme.palette.error.main;
    case 'some':
      return theme.palette.warning.main;
    case 'low':
      return theme.palette.success.main;
    default:
      return theme.palette.grey[500];
  }
}

/** A small coloured label of a friction level. */
export function FrictionLabel(props: { level: FrictionLevel }) {
  const theme = useTheme();
  const colour = frictionColour(theme, props.level);
  return (
    <Typography
      component="span"
      variant="caption"
      style={{
        border: `1px solid ${colour}`,
        color:
          props.level === 'unknown' ? theme.palette.text.secondary : colour,
        borderRadius: 4,
        padding: '0 6px',
        whiteSpace: 'nowrap',
      }}
    >
      {frictionLabel[props.level]}
    </Typography>
  );
}

/** "All recorded events and answers, 1 Sep 2026 – 20 Nov 2026; last updated …". */
export function describeWindow(
  window: JourneyFiguresWindow,
  lastUpdatedAt: string | null,
): string {
  const span =
    window.from && window.to
      ? `from ${formatDay(window.from.slice(0, 10))} to ${formatDay(
          window.to.slice(0, 10),
        )}`
      : 'none recorded yet';
  const updated = lastUpdatedAt
    ? `last updated ${formatTimestamp(lastUpdatedAt)}`
    : 'never updated';
  const description =
    window.description.charAt(0).toLocaleUpperCase() +
    window.description.slice(1);
  return `${description}, ${span}; ${updated}.`;
}
