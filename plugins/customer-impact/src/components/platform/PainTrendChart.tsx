import {
  RollupTrendPoint,
  formatPainNumber,
} from '@customer-impact/plugin-customer-impact-common';
import { useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDate, formatShortDay } from '../format';

/**
 * The tree's total pain per ISO week; a week nothing was measured in has
 * no bar (no data, not 0) and the caption says how many.
 */
export function PainTrendChart(props: { trend: RollupTrendPoint[] }) {
  const theme = useTheme();
  const data = props.trend.map(t => ({
    time: Date.parse(t.weekStart),
    value: t.value,
    measured: t.measuredEntities,
  }));
  const empty = props.trend.filter(t => t.value === null).length;
  return (
    <>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="time"
            tickFormatter={formatShortDay}
            stroke={theme.palette.text.secondary}
            fontSize={12}
          />
          <YAxis
            stroke={theme.palette.text.secondary}
            fontSize={12}
            width={40}
          />
          <Tooltip
            labelFormatter={label =>
              `Week of ${formatDate(new Date(Number(label)).toISOString())}`
            }
            formatter={(value: number, _name, item) => [
              `${formatPainNumber(value)} points (${
                item.payload.measured
              } entities measured)`,
              'Pain',
            ]}
          />
          <Bar
            dataKey="value"
            name="Pain"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
      <Typography variant="caption" color="textSecondary">
        Each week: the pain index of every entity at the week's end, summed.
        {empty > 0
          ? ` ${empty} of ${props.trend.length} weeks have no data (nothing was measured then).`
          : ''}
      </Typography>
    </>
  );
}
