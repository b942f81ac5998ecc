import { SloAlertState } from '@customer-impact/plugin-customer-impact-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { useTheme } from '@material-ui/core/styles';

const LABELS: Record<SloAlertState, string> = {
  page: 'page',
  ticket: 'ticket',
  ok: 'ok',
  'no-data': 'no data',
};

const MEANINGS: Record<SloAlertState, string> = {
  page: 'Fast burn: the budget burns fast enough to page someone now',
  ticket:
    'Slow burn: the budget will run out before the window ends; file a ticket',
  ok: 'Burning within budget',
  'no-data': 'No events in the burn-rate windows: nothing to judge',
};

/** The alert state of an SLO: page = red, ticket = amber, ok = green, no data = grey. */
export function SloStateChip(props: { state: SloAlertState }) {
  const theme = useTheme();
  const colours: Record<SloAlertState, { bg: string; fg: string }> = {
    page: {
      bg: theme.palette.error.main,
      fg: theme.palette.error.contrastText,
    },
    ticket: {
      bg: theme.palette.warning.main,
      fg: theme.palette.warning.contrastText,
    },
    ok: {
      bg: theme.palette.success.main,
      fg: theme.palette.success.contrastText,
    },
    'no-data': {
      bg: theme.palette.grey[500],
      fg: theme.palette.getContrastText(theme.palette.grey[500]),
    },
  };
  const { bg, fg } = colours[props.state];
  return (
    <Tooltip title={MEANINGS[props.state]}>
      <Chip
        size="small"
        label={LABELS[props.state]}
        data-testid={`slo-state-${props.state}`}
        style={{ backgroundColor: bg, color: fg, fontWeight: 600 }}
      />
    </Tooltip>
  );
}
