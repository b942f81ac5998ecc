import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { describeBudget } from './describe';

const useStyles = makeStyles(theme => ({
  root: {
    height: 8,
    borderRadius: 4,
    backgroundColor: theme.palette.action.hover,
  },
  bar: (props: { colour: string }) => ({
    borderRadius: 4,
    backgroundColor: props.colour,
  }),
}));

/**
 * The remaining error budget as a bar: full = untouched, empty = spent. An
 * overspent budget shows a full red bar and says so; no data shows an empty
 * bar and the words "no data".
 */
export function BudgetBar(props: { remaining: number | null }) {
  const theme = useTheme();
  const { remaining } = props;
  let colour = theme.palette.success.main;
  if (remaining === null) colour = theme.palette.grey[400];
  else if (remaining < 0) colour = theme.palette.error.main;
  else if (remaining < 0.25) colour = theme.palette.warning.main;
  const classes = useStyles({ colour });
  let value = 0;
  if (remaining !== null)
    value = remaining < 0 ? 100 : Math.min(1, remaining) * 100;
  const overspent = remaining !== null && remaining < 0;
  return (
    <Box>
      <LinearProgress
        variant="determinate"
        value={value}
        aria-label={describeBudget(remaining)}
        classes={{ root: classes.root, bar: classes.bar }}
      />
      <Typography
        variant="body2"
        style={
          overspent
            ? { color: theme.palette.error.main, fontWeight: 600 }
            : undefined
        }
      >
        {describeBudget(remaining)}
      </Typography>
    </Box>
  );
}
