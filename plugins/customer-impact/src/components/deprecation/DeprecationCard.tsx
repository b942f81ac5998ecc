import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  DEPRECATION_HOW_TO,
  DeprecationDependent,
  DeprecationExemption,
  DeprecationFigures,
  EntityCustomerImpactSummary,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { NotConfigured } from '../NotConfigured';
import { WithSummary, isFacetFailure } from '../summary';
import { formatCount, formatDate, formatDay } from '../format';
import { BurndownChart } from './BurndownChart';
import { describeIdeal, describeVerdict } from './describeProgress';

type DependentRow = DeprecationDependent & {
  exemption: DeprecationExemption | undefined;
};

/** The compact line of an entity that is not deprecated. */
export const NOT_DEPRECATED = 'Not deprecated.';

const columns: TableColumn<DependentRow>[] = [
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
  {
    title: 'Exemption',
    field: 'exemption',
    render: row =>
      row.exemption ? (
        <Typography variant="body2" title={row.exemption.reason}>
          exempt until {formatDay(row.exemption.until)}
        </Typography>
      ) : (
        <Typography variant="body2" color="textSecondary">
          none
        </Typography>
      ),
  },
];

/** Every exemption recorded, newest first: history is kept. */
function Exemptions(props: { exemptions: DeprecationExemption[] }) {
  const { exemptions } = props;
  if (exemptions.length === 0) {
    return null;
  }
  return (
    <Box>
      <Typography variant="subtitle2">
        Exemptions ({formatCount(exemptions.length)} recorded, newest first)
      </Typography>
      <Box component="ul" m={0} pl={2}>
        {exemptions.map(e => (
          <Typography
            key={e.id}
            variant="body2"
            component="li"
            data-testid={`exemption-${e.id}`}
          >
            <EntityRefLink entityRef={e.dependentRef} /> exempt until{' '}
            {formatDay(e.until)} ({e.active ? 'holds' : 'ended'}): {e.reason}.{' '}
            <Typography
              variant="caption"
              color="textSecondary"
              component="span"
            >
              Recorded {formatDate(e.recordedAt)}
              {e.ownerRef && (
                <>
                  {' '}
                  for <EntityRefLink entityRef={e.ownerRef} />
                </>
              )}
              ; its owner is not notified while it holds.
            </Typography>
          </Typography>
        ))}
      </Box>
    </Box>
  );
}

function Burndown(props: { facet: DeprecationFigures }) {
  const { burndown, progress, sunset } = props.facet;
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
      <BurndownChart points={burndown} ideal={progress?.ideal} />
      {progress && sunset && (
        <Typography variant="body2" data-testid="deprecation-verdict">
          <strong>{describeVerdict(progress, sunset)}</strong>
        </Typography>
      )}
      {progress && progress.verdict !== 'done' && (
        <Typography variant="body2" data-testid="deprecation-ideal">
          {describeIdeal(progress)}
        </Typography>
      )}
      {!sunset && (
        <Typography variant="body2" color="textSecondary">
          Ideal line and pace: no data (no sunset date set).
        </Typography>
      )}
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
  const rows: DependentRow[] = facet.dependents.map(d => ({
    ...d,
    exemption: facet.exemptions.find(
      e => e.active && e.dependentRef === d.entityRef,
    ),
  }));
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
          <Table<DependentRow>
            columns={columns}
            data={rows}
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
        <Exemptions exemptions={facet.exemptions} />
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
