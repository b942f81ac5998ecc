import {
  SupportTrend,
  supportWeekOf,
} from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
} from 'recharts';
import type { ChangeMarker } from '../changes/useChangeMarkers';
import { formatTimestamp } from '../format';

/**
 * Events per week: the 12 complete weeks and this week so far, with the
 * 12-week median as a dashed line and a marker in the week of each recorded
 * change of the entity. Weeks before data collection began are gaps, not
 * zeros.
 */
export function SupportSparkline(props: {
  trend: SupportTrend;
  /** Recorded changes of the entity; those in the trend's weeks are marked. */
  changes?: ChangeMarker[];
}) {
  const theme = useTheme();
  const { trend } = props;
  const data = [...trend.weeks, trend.thisWeek].map((w, i, all) => ({
    week: i === all.length - 1 ? `${w.week.label} (so far)` : w.week.label,
    label: w.week.label,
    events: w.total,
  }));
  const marked = (props.changes ?? []).flatMap(c => {
    const point = data.find(d => d.label === supportWeekOf(c.at).label);
    return point ? [{ ...c, week: point.week }] : [];
  });
  return (
    <>
      <ResponsiveContainer width="100%" height={64}>
        <LineChart
          data={data}
          margin={{ top: 4, right: 8, bottom: 0, left: 8 }}
        >
          <XAxis dataKey="week" hide />
          <Tooltip
            formatter={value =>
              value === null || value === undefined ? 'no data' : String(value)
            }
          />
          {trend.median.total !== null && (
            <ReferenceLine
              y={trend.median.total}
              stroke={theme.palette.text.secondary}
              strokeDasharray="4 4"
            />
          )}
          {marked.map(c => (
            <ReferenceLine
              key={c.id}
              x={c.week}
              stroke={theme.palette.secondary.main}
              strokeDasharray="2 2"
              label={{
                value: c.title,
                position: 'insideTopRight',
                fill: theme.palette.text.secondary,
                fontSize: 10,
              }}
            />
          ))}
          <Line
            type="monotone"
            dataKey="events"
            name="Events"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      {marked.length > 0 && (
        <Typography variant="caption" color="textSecondary">
          Marked on the chart:{' '}
          {marked.map(c => `${formatTimestamp(c.at)} ${c.title}`).join('; ')}.
        </Typography>
      )}
    </>
  );
}
