import { SloBurndownPoint } from '@customer-impact/plugin-customer-impact-common';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import Typography from '@material-ui/core/Typography';
import type { ChangeMarker } from '../changes/useChangeMarkers';
import { formatBudget, formatShortDay, formatTimestamp } from '../format';

/**
 * Remaining error budget (%) over the window, with the straight "ideal" line
 * and a vertical marker at each recorded change of the entity in the window.
 */
export function BudgetBurndownChart(props: {
  points: SloBurndownPoint[];
  /** Recorded changes of the entity; those inside the window are marked. */
  changes?: ChangeMarker[];
}) {
  const theme = useTheme();
  const data = props.points.map(p => ({
    time: p.time,
    remaining: p.remaining === null ? null : p.remaining * 100,
    ideal: p.ideal * 100,
  }));
  const first = data[0]?.time;
  const last = data[data.length - 1]?.time;
  const marked = (props.changes ?? [])
    .map(c => ({ ...c, time: Date.parse(c.at) }))
    .filter(
      c =>
        first !== undefined &&
        last !== undefined &&
        c.time >= first &&
        c.time <= last,
    );
  return (
    <>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={formatShortDay}
            stroke={theme.palette.text.secondary}
            fontSize={12}
          />
          <YAxis
            unit=" %"
            stroke={theme.palette.text.secondary}
            fontSize={12}
            width={56}
            domain={[
              (min: number) => Math.min(0, Math.floor(min / 10) * 10),
              100,
            ]}
          />
          <Tooltip
            labelFormatter={label =>
              formatTimestamp(new Date(Number(label)).toISOString())
            }
            formatter={(value: number) => formatBudget(value / 100)}
          />
          <Legend />
          <ReferenceLine y={0} stroke={theme.palette.error.main} />
          {marked.map(c => (
            <ReferenceLine
              key={c.id}
              x={c.time}
              stroke={theme.palette.secondary.main}
              strokeDasharray="2 2"
              label={{
                value: c.title,
                position: 'insideTopLeft',
                fill: theme.palette.text.secondary,
                fontSize: 11,
              }}
            />
          ))}
          <Line
            type="monotone"
            dataKey="ideal"
            name="Even spend"
            stroke={theme.palette.text.disabled}
            strokeDasharray="4 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="remaining"
            name="Budget remaining"
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
