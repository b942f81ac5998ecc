import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { UNKNOWN_CONSUMER } from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';

/** A consuming team: a link to its group, or "team not known" when the source did not say. */
export function ConsumingTeam(props: { consumerRef: string }) {
  return props.consumerRef === UNKNOWN_CONSUMER ? (
    <Typography variant="body2" color="textSecondary">
      team not known
    </Typography>
  ) : (
    <EntityRefLink entityRef={props.consumerRef} defaultKind="group" />
  );
}
