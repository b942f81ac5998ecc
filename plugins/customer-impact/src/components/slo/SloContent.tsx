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
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  BurnRateFigure,
  EntitySlo,
  SLO_HOW_TO,
  SRE_WORKBOOK_ALERT_RULES,
  burnRateThreshold,
  formatSloDuration,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { customerImpactApiRef } from '../../api';
import { NotConfigured } from '../NotConfigured';
import {
  FacetFailurePanel,
  isFacetFailure,
  useCustomerImpactSummary,
} from '../summary';
import {
  formatBurnRate,
  formatCount,
  formatSli,
  formatTarget,
  formatTimestamp,
} from '../format';
import { BudgetBar } from './BudgetBar';
import { ProblemList } from './ProblemList';
import {
  AlertingLine,
  CompositeMembers,
  SLOS_NOT_CONFIGURED,
  describeState,
  fileProblems,
} from './SloCard';
import { SloFacetNotice } from './SloFacetStates';
import { SloStateChip } from './SloStateChip';
import {
  describeExhaustion,
  describeLastData,
  describeSloWindow,
} from './describe';
import { BudgetBurndownChart } from './BudgetBurndownChart';
import { useChangeMarkers } from '../changes/useChangeMarkers';

const capitalize = (text: string) =>
  text.charAt(0).toLocaleUpperCase() + text.slice(1);

interface BurnRateRow extends BurnRateFigure {
  id: string;
  thresholds: string;
}

/** How an operator reads. */
const OPS = { lt: '<', lte: '≤', gt: '>', gte: '≥' } as const;

/**
 * Each window's thresholds in the rules the SLO alerts with: its multiwindow
 * table (Workbook or Sloth, scaled to the SLO's window), or its own
 * AlertPolicy conditions.
 */
function thresholdsFor(slo: EntitySlo, seconds: number): string {
  const window = formatSloDuration(seconds);
  if (slo.alerting?.source === 'policies') {
    const uses = slo.alerting.conditions.filter(
      c => c.lookbackWindow === window,
    );
    if (uses.length === 0) return '—';
    return uses
      .map(
        c =>
          `${OPS[c.op]} ${formatBurnRate(c.threshold)} (${c.severity}, ${
            c.policy
          } / ${c.name ?? c.id}${
            c.alertAfter === '0m' ? '' : `, for ${c.alertAfter}`
          })`,
      )
      .join('; ');
  }
  const rules = slo.alerting
    ? slo.alerting.rules
    : SRE_WORKBOOK_ALERT_RULES.map(r => ({
        ...r,
        threshold: burnRateThreshold(
          r.budgetFraction,
          slo.windowSeconds,
          r.longWindowSeconds,
        ),
      }));
  const uses = rules.filter(
    r => r.longWindow === window || r.shortWindow === window,
  );
  if (uses.length === 0) return '—';
  return uses
    .map(
      r =>
        `${formatBurnRate(r.threshold)} (${r.action}, ${r.longWindow} + ${
          r.shortWindow
        })`,
    )
    .join('; ');
}

const burnRateColumns: TableColumn<BurnRateRow>[] = [
  { title: 'Window', field: 'window' },
  {
    title: 'Burn rate',
    field: 'rate',
    render: row =>
      `${formatBurnRate(row.rate)}${
        row.lowConfidence && row.rate !== null ? ' (low confidence)' : ''
      }`,
  },
  { title: 'Alert threshold', field: 'thresholds' },
  {
    title: 'Events (bad / total)',
    field: 'events',
    render: row =>
      row.events === 0
        ? 'no events'
        : `${formatCount(row.badEvents)} / ${formatCount(row.events)}`,
  },
];

function SloDetail(props: { entityRef: string; slo: EntitySlo }) {
  const { entityRef, slo } = props;
  const api = useApi(customerImpactApiRef);
  const detail = useAsync(
    () => api.getEntitySlo(entityRef, slo.key, { points: 120 }),
    // Loaded again when the summary brings new figures (e.g. after a refresh).
    [api, entityRef, slo.key, slo.computedAt],
  );
  const changes = useChangeMarkers(entityRef);
  const rows: BurnRateRow[] = slo.burnRates.map(b => ({
    ...b,
    id: b.window,
    thresholds: thresholdsFor(slo, b.seconds),
  }));
  const reason = describeState(slo);
  const exhaustion = describeExhaustion(slo);
  return (
    <InfoCard
      title={
        <Box display="flex" alignItems="center" style={{ gap: 12 }}>
          <span>{slo.displayName ?? slo.name}</span>
          <SloStateChip state={slo.state} />
        </Box>
      }
      subheader={`SLI ${formatSli(
        slo.sli,
        slo.target,
      )} vs target ${formatTarget(slo.target)} · ${describeSloWindow(slo)} · ${
        slo.budgetingMethod
      }`}
    >
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        {slo.description && (
          <Typography variant="body2">{slo.description}</Typography>
        )}
        <BudgetBar remaining={slo.budgetRemaining} />
        {slo.members && <CompositeMembers slo={slo} />}
        {reason && <Typography variant="body2">{reason}</Typography>}
        <AlertingLine slo={slo} />
        {exhaustion && <Typography variant="body2">{exhaustion}</Typography>}
        <Typography variant="subtitle2">
          Error budget burndown ({slo.window},{' '}
          {formatTimestamp(slo.windowStart)} to {formatTimestamp(slo.windowEnd)}
          )
        </Typography>
        {detail.loading && <Progress />}
        {detail.error && (
          <WarningPanel
            severity="warning"
            title="Could not load the burndown"
            message={detail.error.message}
          />
        )}
        {detail.value &&
          (detail.value.burndown.some(p => p.remaining !== null) ? (
            <BudgetBurndownChart
              points={detail.value.burndown}
              changes={changes}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              Burndown: no data in this window.
            </Typography>
          ))}
        <Table<BurnRateRow>
          title="Burn rates"
          columns={burnRateColumns}
          data={rows}
          options={{ search: false, paging: false, padding: 'dense' }}
        />
        <Typography variant="caption" color="textSecondary">
          Burn rate = (bad / total in the window) / (1 − target); 1× spends the
          budget exactly over the SLO window.{' '}
          {slo.alerting?.source === 'policies'
            ? 'An alert needs its condition to hold for its alertAfter.'
            : 'An alert needs both windows of a rule above its threshold.'}{' '}
          {capitalize(describeLastData(slo.lastDataAt, slo.lastSampleAt))}.
          {slo.collection?.lastSuccessAt
            ? ` Last pull ${formatTimestamp(slo.collection.lastSuccessAt)}.`
            : ''}
        </Typography>
        {slo.collection?.lastError && (
          <Typography variant="body2" color="error">
            Last pull failed: {slo.collection.lastError}
          </Typography>
        )}
        <Typography variant="body2">
          Definition:{' '}
          {slo.sourceUrl ? (
            <Link to={slo.sourceUrl}>{slo.sourceLocation}</Link>
          ) : (
            slo.sourceLocation
          )}
        </Typography>
        <ProblemList problems={slo.problems} title="Problems" />
      </Box>
    </InfoCard>
  );
}

/**
 * The SLO tab of an entity: per SLO the budget burndown over the window, the
 * burn-rate table and the definition's source; the file's problems.
 *
 * @public
 */
export function SloContent() {
  const { entity } = useEntity();
  const api = useApi(customerImpactApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, reload } = useCustomerImpactSummary();
  const [refresh, setRefresh] = useState<{
    busy: boolean;
    error?: string;
  }>({ busy: false });
  if (loading && !value) return <Progress />;
  if (error || !value) {
    return (
      <WarningPanel
        severity="error"
        title="Could not load the SLOs"
        message={error?.message}
      />
    );
  }
  const facet = value.slos;
  if (!facet || facet.status === 'not-configured') {
    return (
      <NotConfigured
        title="SLOs"
        message={SLOS_NOT_CONFIGURED}
        howTo={facet?.howTo ?? SLO_HOW_TO}
        defaultExpanded
      />
    );
  }
  if (isFacetFailure(facet)) {
    return <FacetFailurePanel what="the SLOs" facet={facet} />;
  }
  const readAgain = async () => {
    setRefresh({ busy: true });
    try {
      await api.refreshEntitySlos(entityRef);
      setRefresh({ busy: false });
      // The figures of every card of this entity change with the definitions.
      reload();
    } catch (e) {
      setRefresh({ busy: false, error: (e as Error).message });
    }
  };
  const problems = fileProblems(facet);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SloFacetNotice facet={facet} />
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="body2">
            Definitions:{' '}
            {facet.sourceUrl ? (
              <Link to={facet.sourceUrl}>
                {facet.sourceLocation ?? facet.annotation}
              </Link>
            ) : (
              facet.sourceLocation ?? facet.annotation
            )}
            {facet.fetchedAt
              ? `, read ${formatTimestamp(facet.fetchedAt)}`
              : ''}
          </Typography>
          <Button
            size="small"
            variant="outlined"
            disabled={refresh.busy || loading}
            onClick={readAgain}
          >
            Read the definitions again
          </Button>
        </Box>
        {refresh.error && (
          <Typography variant="body2" color="error" role="status">
            Could not read the definitions again: {refresh.error}
          </Typography>
        )}
        <ProblemList problems={problems} />
      </Grid>
      {facet.slos.map(slo => (
        <Grid item xs={12} key={slo.key}>
          <SloDetail entityRef={entityRef} slo={slo} />
        </Grid>
      ))}
    </Grid>
  );
}
