import { BurndownPoint } from '@customer-impact/plugin-customer-impact-common';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDay } from '../format';

/** Dependents left per day, oldest first. */
export function BurndownChart(props: { points: BurndownPoint[] }) {
  const theme = useTheme();
  return (
    <ResponsiveContainer width="100%" height={180}>
      <LineChart
        data={props.points}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis
          dataKey="date"
          tickFormatter={formatDay}
          stroke={theme.palette.text.secondary}
          fontSize={12}
        />
        <YAxis
          allowDecimals={false}
          stroke={theme.palette.text.secondary}
          fontSize={12}
          width={32}
        />
        <Tooltip labelFormatter={label => formatDay(String(label))} />
        <Line
          type="stepAfter"
          dataKey="dependents"
          name="Dependents"
          stroke={theme.palette.warning.main}
          strokeWidth={2}
          dot={props.points.length < 40}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
