import { InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_RELEASE_GATE,
  BURN_RATE_WINDOWS,
  EntityCustomerImpactSummary,
  evaluateReleaseGate,
  parseReleaseGatePolicy,
  EntitySlo,
  SLO_HOW_TO,
  SloFacetConfigured,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Fragment } from 'react';
import { NotConfigured } from '../NotConfigured';
import { WithSummary } from '../summary';
import {
  formatBudget,
  formatBurnRate,
  formatCount,
  formatSli,
  formatTarget,
  formatTimestamp,
} from '../format';
import { BudgetBar } from './BudgetBar';
import { ProblemList } from './ProblemList';
import { SloFacetNotice } from './SloFacetStates';
import { SloStateChip } from './SloStateChip';
import {
  BurningDependencies,
  InternalCustomersAffected,
  describeTeams,
} from './BlastRadius';
import {
  describeExhaustion,
  describeLastData,
  describeSloWindow,
} from './describe';

/** The compact line of an entity without the `customer-impact/openslo` annotation. */
export const SLOS_NOT_CONFIGURED = 'No SLOs yet.';

const CARD_WINDOWS = new Set(BURN_RATE_WINDOWS.map(w => w.seconds));

/** The burn rates of the standard windows, low-confidence ones marked with *. */
export function BurnRateLine(props: { slo: EntitySlo }) {
  const rates = props.slo.burnRates.filter(b => CARD_WINDOWS.has(b.seconds));
  const anyLow = rates.some(b => b.lowConfidence && b.rate !== null);
  if (rates.length > 0 && rates.every(b => b.rate === null)) {
    const longest = rates[rates.length - 1].window;
    return (
      <Typography variant="body2">
        Burn rate: no data (no events in any window, up to the last {longest})
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="body2">
        Burn rate:{' '}
        {rates.map((b, i) => (
          <Fragment key={b.window}>
            {i > 0 && ' · '}
            <span
              title={`${formatCount(b.badEvents)} bad of ${formatCount(
                b.events,
              )} events in the last ${b.window}${
                b.lowConfidence ? ' (too few events: low confidence)' : ''
              }`}
            >
              {b.window} {formatBurnRate(b.rate)}
              {b.lowConfidence && b.rate !== null ? '*' : ''}
            </span>
          </Fragment>
        ))}
      </Typography>
      {anyLow && (
        <Typography variant="caption" color="textSecondary">
          * low confidence: too few events in that window to trust the rate
        </Typography>
      )}
    </Box>
  );
}

/** Where the SLO's data comes from, for the caption. */
export function describeCollection(slo: EntitySlo): string {
  const c = slo.collection;
  if (!c) return ' · pushed';
  if (c.allowed === false) {
    return ` · not pulled from ${c.type} "${c.dataSource}" (see the problems)`;
  }
  return ` · pulled from ${c.server ?? `${c.type} "${c.dataSource}"`}`;
}

/** How an operator reads. */
const OPS = { lt: '<', lte: '≤', gt: '>', gte: '≥' } as const;

/** Why the state is what it is, in one sentence. */
export function describeState(slo: EntitySlo): string | null {
  const condition = slo.alerting?.firedCondition;
  if (condition) {
    const what =
      condition.firedBy === 'no-data'
        ? `no data over ${condition.lookbackWindow} (the policy alerts when there is no data)`
        : `burn rate ${formatBurnRate(condition.rate)} over ${
            condition.lookbackWindow
          } ${OPS[condition.op]} ${formatBurnRate(condition.threshold)}${
            condition.alertAfter === '0m' ? '' : ` for ${condition.alertAfter}`
          }`;
    return `${slo.state}: ${condition.policy} / ${
      condition.name ?? condition.id
    } (severity ${condition.severity}): ${what}`;
  }
  const rule = slo.firedRule;
  if (rule) {
    return `${rule.action}: burn rate ${formatBurnRate(rule.longRate)} over ${
      rule.longWindow
    } and ${formatBurnRate(rule.shortRate)} over ${
      rule.shortWindow
    }, both above ${formatBurnRate(rule.threshold)}`;
  }
  if (slo.lowConfidence && slo.suppressedRules.length > 0) {
    return `not alerting: ${slo.suppressedRules.join(
      ', ',
    )} exceeded the threshold on too few events (low confidence)`;
  }
  return null;
}

/** `severity=critical, team=checkout` */
function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * Which rules the state comes from, and for Sloth the alert as written
 * (name, labels, annotations, disabled alerts).
 */
export function AlertingLine(props: { slo: EntitySlo }) {
  const alerting = props.slo.alerting;
  if (!alerting) return null;
  const sloth = alerting.sloth;
  const alert = (which: 'page' | 'ticket') => {
    const options = sloth![which];
    if (options.disabled) return `${which} alert disabled`;
    const labels = labelText({ ...sloth!.labels, ...options.labels });
    return `${which}${labels ? `: ${labels}` : ''}`;
  };
  const annotations = sloth ? Object.entries(sloth.annotations) : [];
  return (
    <Box>
      <Typography variant="body2" color="textSecondary">
        Alerting rules: {alerting.description}
        {alerting.source === 'policies'
          ? ' (the SRE Workbook table does not apply)'
          : ''}
      </Typography>
      {sloth && (
        <Typography variant="body2" color="textSecondary">
          Sloth alert{sloth.name ? ` ${sloth.name}` : ''}: {alert('page')} ·{' '}
          {alert('ticket')}
          {annotations.map(([k, v]) => ` · ${k}: ${v}`).join('')}
        </Typography>
      )}
    </Box>
  );
}

function SloSummary(props: { slo: EntitySlo }) {
  const { slo } = props;
  const reason = describeState(slo);
  const exhaustion = describeExhaustion(slo);
  return (
    <Box
      display="flex"
      flexDirection="column"
      style={{ gap: 4 }}
      data-testid={`slo-${slo.key}`}
    >
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        style={{ gap: 8 }}
      >
        <Typography variant="subtitle1" style={{ fontWeight: 600 }}>
          {slo.displayName ?? slo.name}
        </Typography>
        <SloStateChip state={slo.state} />
      </Box>
      {slo.description && (
        <Typography variant="body2" color="textSecondary">
          {slo.description}
        </Typography>
      )}
      <Typography variant="body2">
        SLI <strong>{formatSli(slo.sli, slo.target)}</strong> vs target{' '}
        {formatTarget(slo.target)} ({describeSloWindow(slo)},{' '}
        {slo.budgetingMethod}
        {slo.members ? `, composite of ${slo.members.length} objectives` : ''})
      </Typography>
      {slo.threshold && (
        <Typography variant="body2" color="textSecondary">
          Threshold metric: a slice is good when its value is{' '}
          {OPS[slo.threshold.op]} {slo.threshold.value}
          {slo.slices
            ? ` (${formatCount(slo.slices.good)} of ${formatCount(
                slo.slices.measured,
              )} slices good)`
            : ''}
        </Typography>
      )}
      <BudgetBar remaining={slo.budgetRemaining} />
      {slo.members && <CompositeMembers slo={slo} />}
      {slo.supported ? (
        <BurnRateLine slo={slo} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          Not computed: this indicator is not a ratio metric (no data).
        </Typography>
      )}
      {reason && <Typography variant="body2">{reason}</Typography>}
      {slo.supported && <AlertingLine slo={slo} />}
      {exhaustion && (
        <Typography variant="body2" color="textSecondary">
          {exhaustion}
        </Typography>
      )}
      <Typography variant="caption" color="textSecondary">
        {describeLastData(slo.lastDataAt, slo.lastSampleAt)} · window{' '}
        {slo.window} · computed {formatTimestamp(slo.computedAt)}
        {describeCollection(slo)}
      </Typography>
      {slo.collection && !slo.collection.sourceInstalled && (
        <Typography variant="body2" color="error">
          No {slo.collection.type} source is installed in the backend: add its
          module, or push the data.
        </Typography>
      )}
      {slo.collection?.lastError && (
        <Typography variant="body2" color="error">
          Last pull failed
          {slo.collection.lastAttemptAt
            ? ` (${formatTimestamp(slo.collection.lastAttemptAt)})`
            : ''}
          : {slo.collection.lastError}
        </Typography>
      )}
      <ProblemList problems={slo.problems} title="Problems" />
    </Box>
  );
}

/**
 * The entity's release gate, as CI sees it at
 * `GET /v1/entities/{kind}/{namespace}/{name}/release-gate` (the same rules,
 * computed from the same figures).
 */
export function ReleaseGateLine(props: {
  entityRef: string;
  facet: SloFacetConfigured;
  annotation: string | undefined;
}) {
  const theme = useTheme();
  const gate = evaluateReleaseGate({
    entityRef: props.entityRef,
    facet: props.facet,
    policy: parseReleaseGatePolicy(props.annotation),
  });
  const rules =
    gate.policy === 'off'
      ? 'off'
      : `${gate.rules.join(', ')}${
          gate.policy === 'default' ? ', the default' : ''
        }`;
  return (
    <Box data-testid="release-gate">
      <Typography variant="body2">
        Release gate:{' '}
        <span
          style={{
            fontWeight: 600,
            color: gate.allowed
              ? theme.palette.success.main
              : theme.palette.error.main,
          }}
        >
          {gate.allowed ? 'open' : 'closed'}
        </span>{' '}
        ({rules}){gate.allowed ? '' : `: ${gate.reasons.join('; ')}`}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        CI asks GET /api/customer-impact/v1/entities/…/release-gate before
        deploying; set the rules with the {ANNOTATION_RELEASE_GATE} annotation.
      </Typography>
    </Box>
  );
}

function memberBudget(remaining: number | null): string {
  if (remaining === null) return 'budget: no data';
  if (remaining < 0) return `budget overspent (${formatBudget(remaining)})`;
  return `${formatBudget(remaining)} of its budget left`;
}

/**
 * The members of a composite SLO, each with its own figures and weight: the
 * composite's budget is their weighted mean.
 */
export function CompositeMembers(props: { slo: EntitySlo }) {
  const members = props.slo.members ?? [];
  const weights = members.reduce((sum, m) => sum + m.weight, 0);
  return (
    <Box data-testid={`composite-${props.slo.key}`}>
      <Typography variant="caption" color="textSecondary">
        Composite: its error budget is the weighted mean of its objectives'
        budgets (weights of {weights} in all; objectives without data are left
        out).
      </Typography>
      <Box component="ul" m={0} pl={2}>
        {members.map(m => (
          <li key={m.key}>
            <Typography variant="body2">
              {m.displayName ?? m.key} (weight {m.weight}): SLI{' '}
              {formatSli(m.sli, m.target)} vs {formatTarget(m.target)},{' '}
              {memberBudget(m.budgetRemaining)},{' '}
              {m.state === 'no-data' ? 'no data' : m.state}
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}

function subheader(facet: SloFacetConfigured): string {
  const affected = facet.internalCustomersAffected ?? [];
  const impact =
    affected.length > 0 ? ` · affects ${describeTeams(affected)}` : '';
  return `${countStates(facet)}${impact}`;
}

function countStates(facet: SloFacetConfigured): string {
  const count = facet.slos.length;
  const states = ['page', 'ticket', 'ok', 'no-data'] as const;
  const parts = states
    .map(state => {
      const n = facet.slos.filter(s => s.state === state).length;
      return n ? `${n} ${state === 'no-data' ? 'no data' : state}` : null;
    })
    .filter(Boolean);
  return `${count} ${count === 1 ? 'SLO' : 'SLOs'}${
    parts.length ? `: ${parts.join(', ')}` : ''
  }`;
}

/** Problems of the file that are not those of a listed SLO. */
export function fileProblems(facet: SloFacetConfigured) {
  const own = new Set(
    facet.slos.flatMap(s => s.problems).map(p => JSON.stringify(p)),
  );
  return facet.problems.filter(p => !own.has(JSON.stringify(p)));
}

function SloCardBody(props: { value: EntityCustomerImpactSummary }) {
  const { value } = props;
  const { entity } = useEntity();
  const facet = value.slos;
  if (!facet || facet.status === 'not-configured') {
    return (
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        <BurningDependencies
          dependencies={facet?.burningDependencies ?? []}
          generatedAt={value.generatedAt}
        />
        <NotConfigured
          title="SLOs"
          message={SLOS_NOT_CONFIGURED}
          howTo={facet?.howTo ?? SLO_HOW_TO}
        />
      </Box>
    );
  }
  if (!('slos' in facet)) {
    // A failed facet: WithSummary shows it.
    return <></>;
  }
  return (
    <InfoCard title="SLOs" subheader={subheader(facet)}>
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        <BurningDependencies
          dependencies={facet.burningDependencies ?? []}
          generatedAt={value.generatedAt}
        />
        <SloFacetNotice facet={facet} />
        {facet.status !== 'pending' && facet.slos.length === 0 && (
          <Typography variant="body2">
            The definitions file holds no SLO that could be read.
          </Typography>
        )}
        {facet.slos.map((slo, i) => (
          <Fragment key={slo.key}>
            {i > 0 && <Divider />}
            <SloSummary slo={slo} />
          </Fragment>
        ))}
        <InternalCustomersAffected
          teams={facet.internalCustomersAffected ?? []}
        />
        <ProblemList problems={fileProblems(facet)} />
        {facet.status !== 'pending' && (
          <ReleaseGateLine
            entityRef={value.entityRef}
            facet={facet}
            annotation={entity.metadata.annotations?.[ANNOTATION_RELEASE_GATE]}
          />
        )}
        <Typography variant="caption" color="textSecondary">
          Definitions:{' '}
          {facet.sourceUrl ? (
            <Link to={facet.sourceUrl}>
              {facet.sourceLocation ?? facet.annotation}
            </Link>
          ) : (
            facet.sourceLocation ?? facet.annotation
          )}
          {facet.fetchedAt ? `, read ${formatTimestamp(facet.fetchedAt)}` : ''}
        </Typography>
      </Box>
    </InfoCard>
  );
}

/**
 * The SLOs of an entity: each with its SLI against the target, the error
 * budget left, the alert state and the burn rates. Without the
 * `customer-impact/openslo` annotation it explains how to add one.
 *
 * @public
 */
export function SloCard() {
  return (
    <WithSummary title="SLOs" what="the SLOs" facet="slos">
      {summary => <SloCardBody value={summary} />}
    </WithSummary>
  );
}
