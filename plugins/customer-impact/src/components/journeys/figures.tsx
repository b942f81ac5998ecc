import {
  JourneyFigure,
  JourneyFiguresWindow,
  JourneyFrictionFigures,
} from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';
import { Theme, useTheme } from '@material-ui/core/styles';
import { Duration } from 'luxon';
import { formatTimestamp } from '../format';

const locale = () => navigator.language || 'en-US';

/** Seconds in human units: "45 s", "12 min", "2 h 15 min", "3 days", "1.5 days". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) {
    return `${Math.round(seconds)} s`;
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)} min`;
  }
  if (seconds < 86400) {
    const d = Duration.fromObject({ seconds: Math.round(seconds / 60) * 60 })
      .shiftTo('hours', 'minutes')
      .toObject();
    return d.minutes ? `${d.hours} h ${d.minutes} min` : `${d.hours} h`;
  }
  const days = Duration.fromObject({ seconds }).as('days');
  const rounded = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  return `${rounded.toLocaleString(locale())} ${rounded === 1 ? 'day' : 'days'}`;
}

/** A share 0..1 as "80 %" (whole percent). */
export function formatShare(share: number): string {
  return `${(share * 100).toLocaleString(locale(), {
    maximumFractionDigits: 0,
  })} %`;
}

/** A ratio as "2.4×". */
export function formatTimes(ratio: number): string {
  return `${ratio.toLocaleString(locale(), { maximumFractionDigits: 1 })}×`;
}

/** A mean effort as "4.2 / 7". */
export function formatEffort(effort: number): string {
  return `${effort.toLocaleString(locale(), { maximumFractionDigits: 1 })} / 7`;
}

/** A count with thousands separators. */
export function formatNumber(n: number): string {
  return n.toLocaleString(locale());
}

/** The words shown instead of a figure that is not measured. */
export function unmeasuredText(figure: JourneyFigure): string | null {
  if (figure.status === 'withheld') {
    return `withheld: fewer than ${figure.k} people`;
  }
  if (figure.status === 'no-data') {
    return 'no data';
  }
  return null;
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
  const title =
    figure.status === 'withheld'
      ? `Only ${figure.people} ${figure.people === 1 ? 'person' : 'people'}: figures over fewer than ${figure.k} people are withheld to protect them`
      : figure.reason ?? 'Nobody has been measured here yet';
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
export type FrictionLevel = 'high' | 'some' | 'low' | 'unknown';

/**
 * The friction of a step, from what is measured:
 * high when the median takes at least twice the expected time, at least 40 %
 * drop off, the mean effort is 5 or more, or at least half of the people who
 * answered said they were stuck; some at 1.25×, 20 %, 4 or a fifth; low when
 * something is measured and none of these hold; unknown when nothing is.
 */
export function frictionOf(figures: JourneyFrictionFigures): {
  level: FrictionLevel;
  reasons: string[];
} {
  const high: string[] = [];
  const some: string[] = [];
  let measured = false;
  const check = (
    figure: JourneyFigure,
    value: (v: number, people: number) => number,
    highAt: number,
    someAt: number,
    say: (v: number) => string,
  ) => {
    if (figure.status !== 'ok') {
      return;
    }
    measured = true;
    const v = value(figure.value, figure.people);
    if (v >= highAt) {
      high.push(say(v));
    } else if (v >= someAt) {
      some.push(say(v));
    }
  };
  check(figures.timeVsExpected, v => v, 2, 1.25, v => `takes ${formatTimes(v)} the expected time`);
  check(figures.dropOff, v => v, 0.4, 0.2, v => `${formatShare(v)} do not complete it`);
  check(figures.meanEffort, v => v, 5, 4, v => `effort ${formatEffort(v)}`);
  check(
    figures.peopleStuck,
    (v, people) => v / people,
    0.5,
    0.2,
    v => `${formatShare(v)} of those who answered got stuck`,
  );
  for (const f of [figures.medianSeconds, figures.completionRate, figures.stuckReports]) {
    if (f.status === 'ok') {
      measured = true;
    }
  }
  if (high.length > 0) {
    return { level: 'high', reasons: high };
  }
  if (some.length > 0) {
    return { level: 'some', reasons: some };
  }
  return { level: measured ? 'low' : 'unknown', reasons: [] };
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
        color: props.level === 'unknown' ? theme.palette.text.secondary : colour,
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
      ? `from ${formatTimestamp(window.from)} to ${formatTimestamp(window.to)}`
      : 'none recorded yet';
  const updated = lastUpdatedAt
    ? `last updated ${formatTimestamp(lastUpdatedAt)}`
    : 'never updated';
  const description =
    window.description.charAt(0).toLocaleUpperCase() + window.description.slice(1);
  return `${description}, ${span}; ${updated}.`;
}
