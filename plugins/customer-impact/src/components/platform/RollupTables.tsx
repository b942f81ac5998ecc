import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  FacetQuantity,
  RollupConsumer,
  RollupDeprecation,
  RollupEntity,
  describePainQuantity,
  formatPainNumber,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { describeDaysToSunset, formatDay } from '../format';
import { ConsumingTeam } from '../support/ConsumingTeam';
import { PainExplanation } from './PainExplanation';

/** The tree's entities, most pain first, each explained. */
export function RankedEntitiesTable(props: {
  entities: RollupEntity[];
  /** Rank of the first row (1 on the first page). */
  firstRank?: number;
}) {
  const rows = props.entities.map((e, i) => ({
    ...e,
    id: e.entityRef,
    rank: (props.firstRank ?? 1) + i,
  }));
  const columns: TableColumn<(typeof rows)[number]>[] = [
    { title: '#', field: 'rank', width: '32px' },
    {
      title: 'Entity',
      field: 'entityRef',
      render: row => (
        <Box display="flex" flexDirection="column">
          <EntityRefLink entityRef={row.entityRef} />
          {row.ownerRef && (
            <Typography variant="caption" color="textSecondary">
              owned by{' '}
              <EntityRefLink entityRef={row.ownerRef} defaultKind="group" />
            </Typography>
          )}
        </Box>
      ),
    },
    {
      title: 'Pain, explained',
      field: 'painIndex',
      render: row => (
        <PainExplanation entityRef={row.entityRef} painIndex={row.painIndex} />
      ),
    },
  ];
  return (
    <Table
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={columns}
      data={rows}
    />
  );
}

function describeQuantities(quantities: FacetQuantity[]): string {
  return quantities
    .filter(q => q.quantity > 0)
    .map(describePainQuantity)
    .join(', ');
}

/** The consuming teams hurting most, with where it hurts. */
export function ConsumersTable(props: { consumers: RollupConsumer[] }) {
  const rows = props.consumers.map((c, i) => ({
    ...c,
    id: c.consumerRef,
    rank: i + 1,
  }));
  const columns: TableColumn<(typeof rows)[number]>[] = [
    { title: '#', field: 'rank', width: '32px' },
    {
      title: 'Consuming team',
      field: 'consumerRef',
      render: row => <ConsumingTeam consumerRef={row.consumerRef} />,
    },
    {
      title: 'Pain',
      field: 'points',
      render: row => (
        <Box>
          <Typography variant="body2">
            <strong>{formatPainNumber(row.points)}</strong> points
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {describeQuantities(row.quantities)}
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Where',
      field: 'entities',
      render: row => (
        <Box display="flex" flexDirection="column">
          {row.entities.map(e => (
            <span key={e.entityRef}>
              <EntityRefLink entityRef={e.entityRef} /> (
              {formatPainNumber(e.points)})
            </span>
          ))}
          {row.categories.length > 0 && (
            <Typography variant="caption" color="textSecondary">
              {row.categories.map(c => `${c.category} (${c.count})`).join(', ')}
            </Typography>
          )}
        </Box>
      ),
    },
  ];
  return (
    <Table
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={columns}
      data={rows}
    />
  );
}

/** The tree's deprecated entities: who is left, the sunset, the weekly burndown. */
export function DeprecationsTable(props: {
  deprecations: RollupDeprecation[];
}) {
  const rows = props.deprecations.map(d => ({ ...d, id: d.entityRef }));
  const columns: TableColumn<(typeof rows)[number]>[] = [
    {
      title: 'Deprecated',
      field: 'entityRef',
      render: row => <EntityRefLink entityRef={row.entityRef} />,
    },
    {
      title: 'Dependents left',
      field: 'dependentsLeft',
      render: row =>
        row.dependentsLeft === null ? (
          <Typography variant="body2" color="textSecondary">
            no data
          </Typography>
        ) : (
          <Typography variant="body2">{row.dependentsLeft}</Typography>
        ),
    },
    {
      title: 'Sunset',
      field: 'sunset',
      render: row =>
        row.sunset ? (
          <Box>
            <Typography variant="body2">{formatDay(row.sunset)}</Typography>
            <Typography variant="caption" color="textSecondary">
              {row.daysToSunset === null
                ? ''
                : describeDaysToSunset(row.daysToSunset)}
            </Typography>
          </Box>
        ) : (
          <Typography variant="body2" color="textSecondary">
            no sunset set
          </Typography>
        ),
    },
    {
      title: 'Weekly burndown',
      field: 'burndown',
      render: row => (
        <Typography variant="caption">
          {row.burndown
            .filter(b => b.dependents !== null)
            .map(b => b.dependents)
            .join(' → ') || 'no count yet'}
        </Typography>
      ),
    },
  ];
  return (
    <Table
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={columns}
      data={rows}
    />
  );
}
