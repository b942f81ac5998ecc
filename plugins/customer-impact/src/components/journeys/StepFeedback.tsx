import { useApi } from '@backstage/core-plugin-api';
import { JourneyStepFeedbackRequest } from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import { customerImpactApiRef } from '../../api';
import { invalidateEntitySummary } from '../summary';

/**
 * "Done", "I'm stuck here" (with an optional comment) and an effort rating
 * 1–7 for one step. The effort chosen goes with the next answer. Every answer
 * is kept by the backend; only figures over k people are ever shown.
 */
export function StepFeedback(props: {
  journeyRef: string;
  stepId: string;
  stepTitle: string;
  onRecorded: () => void;
}) {
  const { journeyRef, stepId, stepTitle, onRecorded } = props;
  const api = useApi(customerImpactApiRef);
  const [effort, setEffort] = useState<number | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{
    error: boolean;
    text: string;
  } | null>(null);

  const send = async (answer: JourneyStepFeedbackRequest) => {
    setBusy(true);
    setMessage(null);
    try {
      await api.postJourneyStepFeedback(journeyRef, stepId, answer);
      setMessage({
        error: false,
        text:
          answer.kind === 'stuck'
            ? 'Recorded: you are stuck here. Thank you, the owners will see it.'
            : 'Recorded: you are done with this step. Thank you.',
      });
      setEffort(null);
      setComment('');
      // The answer changes the figures of the journey's steps on every
      // entity page they go through: every cached summary is loaded again.
      invalidateEntitySummary(api);
      onRecorded();
    } catch (e) {
      setMessage({
        error: true,
        text: `Could not record your answer: ${(e as Error).message}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const withEffort = (answer: JourneyStepFeedbackRequest) =>
    effort === null ? answer : { ...answer, effort };

  return (
    <Box mt={1}>
      <Typography variant="caption" color="textSecondary" component="div">
        Effort (1 very easy – 7 very hard), sent with your answer:
      </Typography>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={effort}
        onChange={(_e, value) => setEffort(value ?? null)}
        aria-label={`Effort for ${stepTitle}`}
      >
        {[1, 2, 3, 4, 5, 6, 7].map(n => (
          <ToggleButton key={n} value={n} aria-label={`effort ${n} of 7`}>
            {n}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Box mt={1} display="flex" style={{ gap: 8 }}>
        <Button
          size="small"
          variant="outlined"
          color="primary"
          disabled={busy}
          onClick={() => send(withEffort({ kind: 'done' }))}
        >
          Done
        </Button>
        <Button
          size="small"
          variant="outlined"
          disabled={busy}
          onClick={() => setDialogOpen(true)}
        >
          I'm stuck here
        </Button>
      </Box>
      {message && (
        <Typography
          variant="caption"
          component="div"
          color={message.error ? 'error' : 'textSecondary'}
          role="status"
        >
          {message.text}
        </Typography>
      )}
      <Dialog open={dialogOpen} onClose={() => setDialogOpen(false)} fullWidth>
        <DialogTitle>Stuck at "{stepTitle}"</DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            The journey's owners see how many people are stuck here (once at
            least k people have answered), never who. Your comment is kept for
            them and never shown on this page.
          </Typography>
          <TextField
            id={`journey-stuck-comment-${stepId}`}
            label="What is in your way? (optional)"
            multiline
            minRows={3}
            fullWidth
            variant="outlined"
            value={comment}
            onChange={e => setComment(e.target.value)}
            inputProps={{ maxLength: 2000 }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialogOpen(false)}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            disabled={busy}
            onClick={async () => {
              setDialogOpen(false);
              await send(
                withEffort(
                  comment.trim() === ''
                    ? { kind: 'stuck' }
                    : { kind: 'stuck', comment: comment.trim() },
                ),
              );
            }}
          >
            Send: I'm stuck
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
