import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Link,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { StoredSupportEvent } from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { customerImpactApiRef } from '../../api';
import { formatCount, formatDuration, formatTimestamp } from '../format';
import { kindLabel } from './labels';

/** How many events the tab shows. */
const LIMIT = 100;

const columns: TableColumn<StoredSupportEvent>[] = [
  {
    title: 'Opened',
    field: 'openedAt',
    render: row => formatTimestamp(row.openedAt),
  },
  { title: 'Kind', field: 'kind', render: row => kindLabel(row.kind) },
  {
    title: 'Event',
    field: 'title',
    render: row => {
      const text = row.title ?? row.externalId;
      return row.url ? <Link to={row.url}>{text}</Link> : text;
    },
  },
  {
    title: 'Consuming team',
    field: 'consumerRef',
    render: row =>
      row.consumerRef ? (
        <EntityRefLink entityRef={row.consumerRef} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          unknown
        </Typography>
      ),
  },
  { title: 'Category', field: 'category', render: row => row.category ?? '–' },
  { title: 'Severity', field: 'severity', render: row => row.severity ?? '–' },
  {
    title: 'Resolved',
    field: 'resolvedAt',
    render: row =>
      row.resolvedAt
        ? `after ${formatDuration(
            (Date.parse(row.resolvedAt) - Date.parse(row.openedAt)) / 1000,
          )}`
        : 'open',
  },
  {
    title: 'Source',
    field: 'source',
    render: row => `${row.source} ${row.externalId}`,
  },
];

/**
 * The entity's recent support events, each linking to its source system.
 *
 * @public
 */
export function SupportEventsContent() {
  const { entity } = useEntity();
  const api = useApi(customerImpactApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntitySupportEvents(entityRef, { limit: LIMIT }),
    [api, entityRef],
  );
  if (loading) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <WarningPanel
        severity="error"
        title="Could not load the support events"
        message={error?.message}
      />
    );
  }
  const shown = value.events.length;
  return (
    <Table<StoredSupportEvent>
      title={
        shown < value.total
          ? `Support events: the ${shown} most recent of ${formatCount(
              value.total,
            )}`
          : `Support events (${shown})`
      }
      columns={columns}
      data={value.events}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No support events recorded for this entity. See the Support load card
          on the overview for how to send them.
        </Typography>
      }
      options={{
        search: true,
        paging: shown > 20,
        pageSize: 20,
        padding: 'dense',
      }}
    />
  );
}
