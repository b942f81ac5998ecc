import { WarningPanel } from '@backstage/core-components';
import { SloFacetConfigured } from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';
import { formatTimestamp } from '../format';

/**
 * Shown above the SLOs when the definitions file is not (yet) readable, or
 * when the latest pull failed and the figures are stale.
 */
export function SloFacetNotice(props: { facet: SloFacetConfigured }) {
  const { facet } = props;
  if (facet.status === 'pending') {
    return (
      <Typography variant="body2" color="textSecondary">
        Reading the SLO definitions from{' '}
        {facet.sourceLocation ?? facet.annotation}… this happens once after the
        entity appears and then on a schedule.
      </Typography>
    );
  }
  if (facet.status === 'error') {
    return (
      <WarningPanel
        severity="error"
        title={`Could not read the SLO definitions (${facet.annotation})`}
        message={`${facet.fetchError ?? 'unknown error'}${
          facet.fetchedAt
            ? `. Showing what was read on ${formatTimestamp(facet.fetchedAt)}.`
            : ''
        }`}
      />
    );
  }
  if (facet.status === 'stale') {
    return (
      <WarningPanel
        severity="warning"
        title="Stale: the latest pull of SLI data failed"
        message={`${facet.reason ?? 'unknown error'}. The figures below are from the data stored before; the next successful pull fills the gap.`}
      />
    );
  }
  return null;
}
