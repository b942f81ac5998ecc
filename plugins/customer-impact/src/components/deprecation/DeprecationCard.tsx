import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  DEPRECATION_HOW_TO,
  DeprecationDependent,
  DeprecationFigures,
  EntityCustomerImpactSummary,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { NotConfigured } from '../NotConfigured';
import { WithSummary, isFacetFailure } from '../summary';
import { formatCount, formatDay } from '../format';
import { BurndownChart } from './BurndownChart';

/** The compact line of an entity that is not deprecated. */
export const NOT_DEPRECATED = 'Not deprecated.';

const columns: TableColumn<DeprecationDependent>[] = [
  {
    title: 'Dependent',
    field: 'entityRef',
    render: row => <EntityRefLink entityRef={row.entityRef} />,
  },
  {
    title: 'Owner (internal customer)',
    field: 'ownerRef',
    render: row =>
      row.ownerRef ? (
        <EntityRefLink entityRef={row.ownerRef} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          no owner
        </Typography>
      ),
  },
];

function Burndown(props: { facet: DeprecationFigures }) {
  const { burndown } = props.facet;
  if (burndown.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Migration burndown: no data yet. The backend counts the dependents of
        every deprecated entity once a day.
      </Typography>
    );
  }
  const first = burndown[0];
  const last = burndown[burndown.length - 1];
  return (
    <Box>
      <Typography variant="subtitle2">
        Migration burndown, daily since {formatDay(first.date)}
      </Typography>
      <BurndownChart points={burndown} />
      <Typography variant="caption" color="textSecondary">
        {burndown.length === 1 ? (
          <>
            {formatCount(first.dependents)} on {formatDay(first.date)}, the
            first count; one is taken every day.
          </>
        ) : (
          <>
            {formatCount(first.dependents)} dependents on{' '}
            {formatDay(first.date)}, {formatCount(last.dependents)} on{' '}
            {formatDay(last.date)} (last count).
          </>
        )}
      </Typography>
    </Box>
  );
}

function DeprecationCardBody(props: { value: EntityCustomerImpactSummary }) {
  const { value } = props;
  const facet = value.deprecation;
  if (isFacetFailure(facet)) {
    // WithSummary shows the failure.
    return <></>;
  }
  if (!facet.deprecated) {
    return (
      <NotConfigured
        title="Deprecation"
        message={NOT_DEPRECATED}
        howTo={
          facet.status === 'not-configured' ? facet.howTo : DEPRECATION_HOW_TO
        }
      />
    );
  }
  const count = facet.dependents.length;
  return (
    <InfoCard
      title="Deprecation: who still depends on it"
      subheader={
        count === 0
          ? 'No dependents left to migrate'
          : `${formatCount(count)} ${
              count === 1 ? 'dependent' : 'dependents'
            } still to migrate`
      }
    >
      <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
        {count > 0 && (
          <Table<DeprecationDependent>
            columns={columns}
            data={facet.dependents}
            options={{
              search: false,
              paging: count > 10,
              pageSize: 10,
              toolbar: false,
              padding: 'dense',
            }}
          />
        )}
        <Burndown facet={facet} />
      </Box>
    </InfoCard>
  );
}

/**
 * A card listing who still depends on a deprecated entity, with their owners
 * (the internal customer teams) and the migration burndown. On an entity that
 * is not deprecated it explains how to mark one.
 *
 * @public
 */
export function DeprecationCard() {
  return (
    <WithSummary
      title="Deprecation"
      what="the deprecation status"
      facet="deprecation"
    >
      {summary => <DeprecationCardBody value={summary} />}
    </WithSummary>
  );
}
