import { SupportTrend } from '@customer-impact/plugin-customer-impact-common';
import { useTheme } from '@material-ui/core/styles';
import {
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
} from 'recharts';

/**
 * Events per week: the 12 complete weeks and this week so far, with the
 * 12-week median as a dashed line. Weeks before data collection began are
 * gaps, not zeros.
 */
export function SupportSparkline(props: { trend: SupportTrend }) {
  const theme = useTheme();
  const { trend } = props;
  const data = [...trend.weeks, trend.thisWeek].map((w, i, all) => ({
    week: i === all.length - 1 ? `${w.week.label} (so far)` : w.week.label,
    events: w.total,
  }));
  return (
    <ResponsiveContainer width="100%" height={64}>
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
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
  );
}
