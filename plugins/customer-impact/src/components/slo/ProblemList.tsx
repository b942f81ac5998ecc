import { DefinitionProblem } from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { describeProblemPlace } from './describe';

/** Definition problems, each naming its file, document and field. */
export function ProblemList(props: {
  problems: DefinitionProblem[];
  title?: string;
}) {
  const theme = useTheme();
  if (props.problems.length === 0) return null;
  const errors = props.problems.filter(p => p.severity === 'error').length;
  const warnings = props.problems.length - errors;
  const counts = [
    errors ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : null,
    warnings ? `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Box>
      <Typography variant="subtitle2">
        {props.title ?? 'Problems in the definitions'} ({counts})
      </Typography>
      <Box component="ul" m={0} pl={2}>
        {props.problems.map((problem, i) => (
          <li key={i}>
            <Typography variant="body2">
              <span
                style={{
                  color:
                    problem.severity === 'error'
                      ? theme.palette.error.main
                      : theme.palette.warning.dark,
                  fontWeight: 600,
                }}
              >
                {problem.severity}
              </span>{' '}
              {describeProblemPlace(problem)}: {problem.message}
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}
