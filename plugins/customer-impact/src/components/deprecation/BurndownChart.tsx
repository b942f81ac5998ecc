import {
  BurndownPoint,
  DeprecationProgress,
} from '@customer-impact/plugin-customer-impact-common';
import { useTheme } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDay } from '../format';

const ms = (day: string) => DateTime.fromISO(day, { zone: 'utc' }).toMillis();
const dayOf = (time: number) =>
  DateTime.fromMillis(time, { zone: 'utc' }).toISODate()!;

/**
 * Dependents left per day, oldest first, on a time axis that reaches the
 * sunset; with the ideal line from the first count to zero at the sunset
 * when there is one.
 */
export function BurndownChart(props: {
  points: BurndownPoint[];
  ideal?: DeprecationProgress['ideal'] | null;
}) {
  const theme = useTheme();
  const actual = props.points.map(p => ({
    time: ms(p.date),
    dependents: p.dependents,
  }));
  const ideal = props.ideal
    ? [
        {
          time: ms(props.ideal.start.date),
          ideal: props.ideal.start.dependents,
        },
        { time: ms(props.ideal.end.date), ideal: props.ideal.end.dependents },
      ]
    : [];
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(t: number) => formatDay(dayOf(t))}
          stroke={theme.palette.text.secondary}
          fontSize={12}
          allowDuplicatedCategory={false}
        />
        <YAxis
          allowDecimals={false}
          stroke={theme.palette.text.secondary}
          fontSize={12}
          width={32}
        />
        <Tooltip labelFormatter={label => formatDay(dayOf(Number(label)))} />
        {ideal.length > 0 && <Legend verticalAlign="top" height={24} />}
        <Line
          data={actual}
          type="stepAfter"
          dataKey="dependents"
          name="Dependents"
          stroke={theme.palette.warning.main}
          strokeWidth={2}
          dot={actual.length < 40}
          isAnimationActive={false}
        />
        {ideal.length > 0 && (
          <Line
            data={ideal}
            type="linear"
            dataKey="ideal"
            name="Ideal (zero at the sunset)"
            stroke={theme.palette.text.secondary}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
        )}
      </LineChart>
    </ResponsiveContainer>
  );
}
