import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ChangePushResult } from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { DateTime } from 'luxon';
import { FormEvent, useState } from 'react';
import { customerImpactApiRef } from '../../api';

/** Props of {@link RecordChangeDialog}. */
export interface RecordChangeDialogProps {
  open: boolean;
  onClose: () => void;
  /** Called once the change is recorded (with the backend's answer). */
  onRecorded?: (result: ChangePushResult) => void;
  /** The entities the change concerns, pre-filled (one ref a line). */
  entityRefs?: string[];
  /** "Now" for the default time (tests); the reader's clock otherwise. */
  now?: () => Date;
}

/** The backend's message for a refused request (a 400 names the field). */
function messageOf(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A new id for a change recorded in the portal. */
function newChangeId(): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `portal:${random}`;
}

/**
 * Records a change a platform team made: title, when it took effect (in the
 * reader's time zone), the entities it concerns and a link. Posts through
 * the typed client (`POST /v1/changes`) and shows the backend's message when
 * it refuses the change (a 400 names the field at fault).
 *
 * @public
 */
export function RecordChangeDialog(props: RecordChangeDialogProps) {
  const api = useApi(customerImpactApiRef);
  const [title, setTitle] = useState('');
  const [at, setAt] = useState(() =>
    DateTime.fromJSDate(props.now?.() ?? new Date()).toFormat(
      "yyyy-MM-dd'T'HH:mm",
    ),
  );
  const [refs, setRefs] = useState((props.entityRefs ?? []).join('\n'));
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaving(true);
    const local = DateTime.fromISO(at);
    try {
      const result = await api.recordChanges({
        changes: [
          {
            id: newChangeId(),
            title,
            // the reader's local time, sent with its offset; a value that
            // is not a time is sent as typed and the backend says why
            at: local.isValid ? local.toISO()! : at,
            entityRefs: refs
              .split(/[\n,]/)
              .map(r => r.trim())
              .filter(r => r !== ''),
            ...(url.trim() ? { url: url.trim() } : {}),
          },
        ],
      });
      props.onRecorded?.(result);
      props.onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit}>
        <DialogTitle>Record a change</DialogTitle>
        <DialogContent>
          <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
            {error && (
              <WarningPanel
                severity="error"
                title="The change was not recorded"
                message={error}
              />
            )}
            <TextField
              id="record-change-title"
              label="What changed"
              placeholder="Self-service API keys"
              value={title}
              onChange={e => setTitle(e.target.value)}
              required
              fullWidth
            />
            <TextField
              id="record-change-at"
              label="When it took effect (your time zone)"
              type="datetime-local"
              value={at}
              onChange={e => setAt(e.target.value)}
              InputLabelProps={{ shrink: true }}
              required
              fullWidth
            />
            <TextField
              id="record-change-entity-refs"
              label="Entities it concerns (one ref a line)"
              placeholder="api:default/payments-v2"
              value={refs}
              onChange={e => setRefs(e.target.value)}
              multiline
              minRows={2}
              required
              fullWidth
            />
            <TextField
              id="record-change-url"
              label="Link (pull request, release notes)"
              placeholder="https://github.com/acme/payments/pull/42"
              value={url}
              onChange={e => setUrl(e.target.value)}
              fullWidth
            />
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" color="primary" disabled={saving}>
            Record
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
