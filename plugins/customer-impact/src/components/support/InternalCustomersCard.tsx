import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  GroupSupportConsumer,
  SUPPORT_EVENT_KINDS,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { customerImpactApiRef } from '../../api';
import { formatDate, formatShare, formatTimestamp } from '../format';
import { ConsumingTeam } from './ConsumingTeam';
import { kindLabel } from './labels';

const TITLE = 'Internal customers hurting most';

type Row = GroupSupportConsumer & { rank: number };

const columns: TableColumn<Row>[] = [
  { title: '#', field: 'rank', width: '32px' },
  {
    title: 'Consuming team',
    field: 'consumerRef',
    render: row => <ConsumingTeam consumerRef={row.consumerRef} />,
  },
  {
    title: 'Load',
    field: 'total',
    render: row => (
      <Box>
        <Typography variant="body2">
          <strong>{row.total}</strong> {row.total === 1 ? 'event' : 'events'} (
          {formatShare(row.share)})
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {SUPPORT_EVENT_KINDS.filter(k => row.counts[k] > 0)
            .map(k => `${row.counts[k]} ${kindLabel(k, row.counts[k])}`)
            .join(', ')}
        </Typography>
      </Box>
    ),
  },
  {
    title: 'Where',
    field: 'topEntities',
    render: row => (
      <Box display="flex" flexDirection="column">
        {row.topEntities.map(e => (
          <span key={e.entityRef}>
            <EntityRefLink entityRef={e.entityRef} /> ({e.count})
          </span>
        ))}
      </Box>
    ),
  },
  {
    title: 'Recent events',
    field: 'recentEvents',
    render: row => (
      <Box display="flex" flexDirection="column">
        {row.recentEvents.map(e => {
          const text = `${e.title ?? e.externalId} (${kindLabel(
            e.kind,
          )}, ${formatDate(e.openedAt)})`;
          return e.url ? (
            <Link key={`${e.source}/${e.externalId}`} to={e.url}>
              {text}
            </Link>
          ) : (
            <span key={`${e.source}/${e.externalId}`}>{text}</span>
          );
        })}
      </Box>
    ),
  },
];

/**
 * On a Group page: the consuming teams that put the most support load on the
 * entities the group owns, ranked, with their load and links to the events.
 *
 * @public
 */
export function InternalCustomersCard() {
  const { entity } = useEntity();
  const api = useApi(customerImpactApiRef);
  const groupRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getGroupSupportConsumers(groupRef),
    [api, groupRef],
  );
  if (loading) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <InfoCard title={TITLE}>
        <WarningPanel
          severity="error"
          title="Could not load the consuming teams"
          message={error?.message}
        />
      </InfoCard>
    );
  }
  const window = `last ${
    value.window.weeks
  } weeks and this week (since ${formatDate(value.window.from)})`;
  const teams = value.page.total;
  const footer = (
    <Typography variant="caption" color="textSecondary">
      {value.page.nextCursor
        ? `The ${value.consumers.length} teams with the most load of ${teams}. `
        : ''}
      Support load on the {value.ownedEntityRefs.length} entities this group
      owns, {window}.{' '}
      {value.lastUpdatedAt
        ? `Last updated ${formatTimestamp(value.lastUpdatedAt)}.`
        : 'No event recorded yet.'}
      {value.ownership.source === 'rollup' && value.ownership.computedAt
        ? ` Ownership as of ${formatTimestamp(
            value.ownership.computedAt,
          )} (group rollups).`
        : ''}
    </Typography>
  );
  if (value.consumers.length === 0) {
    return (
      <InfoCard title={TITLE} subheader="no data">
        <Typography variant="body2" paragraph>
          No support events on the entities this group owns in the window.
          Events name their consuming team in <code>consumerRef</code> (for
          example <code>group:default/team-checkout</code>).
        </Typography>
        {footer}
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={TITLE}
      subheader={`${teams} consuming ${teams === 1 ? 'team' : 'teams'}, ${
        value.total
      } events, ${window}`}
    >
      <Table<Row>
        columns={columns}
        data={value.consumers.map((c, i) => ({ ...c, rank: i + 1 }))}
        options={{
          search: false,
          paging: value.consumers.length > 10,
          pageSize: 10,
          toolbar: false,
          padding: 'dense',
          sorting: false,
        }}
      />
      <Box mt={1}>{footer}</Box>
    </InfoCard>
  );
}
