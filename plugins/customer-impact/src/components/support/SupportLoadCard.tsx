import { InfoCard } from '@backstage/core-components';
import {
  EntityCustomerImpactSummary,
  SUPPORT_EVENT_KINDS,
  SUPPORT_HOW_TO,
  SupportEventKind,
  SupportLoadFacet,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { NotConfigured } from '../NotConfigured';
import { WithSummary, isFacetFailure } from '../summary';
import {
  formatCount,
  formatDate,
  formatDifference,
  formatDuration,
  formatNumber,
  formatShare,
  formatShift,
  formatTimestamp,
} from '../format';
import { kindLabel } from './labels';
import { SupportSparkline } from './SupportSparkline';
import { ChangeMarker, useChangeMarkers } from '../changes/useChangeMarkers';

const TITLE = 'Support load';

/** The compact line of an entity whose support load is not set up. */
export const SUPPORT_NOT_CONFIGURED = 'Not set up for this entity';

type OkFacet = Extract<SupportLoadFacet, { status: 'ok' }>;

function KindName(props: { kind: SupportEventKind }) {
  const theme = useTheme();
  const color =
    props.kind === 'page' || props.kind === 'escalation'
      ? theme.palette.error.main
      : theme.palette.warning.dark;
  const label = kindLabel(props.kind, 2);
  return (
    <Box component="span" style={{ color }}>
      {label.charAt(0).toLocaleUpperCase() + label.slice(1)}
    </Box>
  );
}

function KindsTable(props: { facet: OkFacet }) {
  const { thisWeek, trend } = props.facet;
  return (
    <Table size="small" aria-label="This week against the 12-week median">
      <TableHead>
        <TableRow>
          <TableCell>Kind</TableCell>
          <TableCell align="right">This week</TableCell>
          <TableCell align="right">12-week median</TableCell>
          <TableCell align="right">Difference</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {SUPPORT_EVENT_KINDS.map(kind => (
          <TableRow key={kind}>
            <TableCell>
              <KindName kind={kind} />
            </TableCell>
            <TableCell align="right">
              {formatCount(thisWeek.counts[kind])}
            </TableCell>
            <TableCell align="right">
              {trend.median[kind] === null
                ? 'no data'
                : formatNumber(trend.median[kind]!)}
            </TableCell>
            <TableCell align="right">
              {formatDifference(trend.difference[kind])}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Shifts(props: { facet: OkFacet }) {
  const theme = useTheme();
  const { pages } = props.facet.thisWeek;
  if (pages.pagesPerShift === null) {
    return (
      <Typography variant="body2">
        Pages per 12-hour on-call shift: no data (no shift has begun this week).
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="body2">
        Pages per 12-hour on-call shift this week:{' '}
        <strong>{formatNumber(pages.pagesPerShift, 2)}</strong> on average over{' '}
        {pages.shifts} {pages.shifts === 1 ? 'shift' : 'shifts'} (limit{' '}
        {pages.limit} per shift, SRE Book ch. 11).
      </Typography>
      {pages.worstShift && (
        <Typography
          variant="body2"
          style={{
            color: pages.exceedsLimit
              ? theme.palette.error.main
              : theme.palette.success.main,
          }}
        >
          {pages.exceedsLimit
            ? `Over the limit: ${
                pages.worstShift.pages
              } pages in the shift of ${formatShift(
                pages.worstShift.start,
                pages.worstShift.end,
              )}${
                pages.shiftsOverLimit > 1
                  ? ` (${pages.shiftsOverLimit} shifts over the limit)`
                  : ''
              }.`
            : `Within the limit: at most ${pages.worstShift.pages} ${
                pages.worstShift.pages === 1 ? 'page' : 'pages'
              } in one shift.`}
        </Typography>
      )}
    </Box>
  );
}

function LongTail(props: { facet: OkFacet }) {
  const theme = useTheme();
  const { longTail } = props.facet;
  const dominant = longTail.share !== null && longTail.share > 0.5;
  return (
    <Box>
      <Typography variant="subtitle2">
        Top categories, last {props.facet.window.weeks} weeks and this week
      </Typography>
      {longTail.topCategories.length === 0 ? (
        <Typography variant="body2">No event has a category.</Typography>
      ) : (
        <Typography variant="body2">
          {longTail.topCategories
            .map(c => `${c.category} (${formatCount(c.count)})`)
            .join(', ')}
        </Typography>
      )}
      <Typography
        variant="body2"
        style={dominant ? { color: theme.palette.warning.dark } : undefined}
      >
        Long tail:{' '}
        {longTail.share === null ? (
          'no data'
        ) : (
          <>
            <strong>{formatShare(longTail.share)}</strong> of{' '}
            {formatCount(longTail.total)} events fall outside the top{' '}
            {longTail.topN} categories
            {longTail.uncategorised > 0 &&
              ` (${formatCount(longTail.uncategorised)} without a category)`}
            {dominant && ': the long tail dominates'}.
          </>
        )}
      </Typography>
    </Box>
  );
}

function Figures(props: { facet: OkFacet; changes: ChangeMarker[] }) {
  const { facet } = props;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <KindsTable facet={facet} />
      <Box>
        <Typography variant="subtitle2">
          Events per week, {facet.window.weeks} weeks and this week (dashed: the
          median)
        </Typography>
        <SupportSparkline trend={facet.trend} changes={props.changes} />
      </Box>
      <Shifts facet={facet} />
      <LongTail facet={facet} />
      <Typography variant="body2">
        Median time to resolve:{' '}
        {facet.medianTimeToResolveSeconds === null
          ? 'no data (nothing resolved in the window)'
          : `${formatDuration(facet.medianTimeToResolveSeconds)} over ${
              facet.resolvedCount
            } resolved ${
              facet.resolvedCount === 1 ? 'event' : 'events'
            }, last ${facet.window.weeks} weeks and this week`}
        .
      </Typography>
      <Typography variant="caption" color="textSecondary">
        Window: {formatDate(facet.window.from)} to{' '}
        {formatTimestamp(facet.window.to)}. Sources: {facet.sources.join(', ')}.
        Last updated {formatTimestamp(facet.lastUpdatedAt)}.
      </Typography>
    </Box>
  );
}

function SupportLoadCardBody(props: { value: EntityCustomerImpactSummary }) {
  const { value } = props;
  const facet = value.supportLoad;
  const changes = useChangeMarkers(value.entityRef);
  if (!facet || facet.status === 'not-configured') {
    return (
      <NotConfigured
        title={TITLE}
        message={SUPPORT_NOT_CONFIGURED}
        howTo={facet?.howTo ?? SUPPORT_HOW_TO}
      />
    );
  }
  if (isFacetFailure(facet)) {
    // WithSummary shows the failure.
    return <></>;
  }
  if (facet.status === 'no-data') {
    return (
      <InfoCard
        title={TITLE}
        subheader={`This week (${facet.window.thisWeek.label}) vs the ${facet.window.weeks}-week median`}
      >
        <Typography variant="h6">no data</Typography>
        <Typography variant="body2" paragraph>
          {facet.reason}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          Window: {formatDate(facet.window.from)} to{' '}
          {formatTimestamp(facet.window.to)}.
          {facet.lastUpdatedAt
            ? ` Last updated ${formatTimestamp(facet.lastUpdatedAt)}.`
            : ' Never updated.'}
        </Typography>
      </InfoCard>
    );
  }
  const { thisWeek } = facet;
  return (
    <InfoCard
      title={TITLE}
      subheader={`This week (${thisWeek.week.label}${
        thisWeek.complete ? '' : ', so far'
      }) vs the ${facet.window.weeks}-week median: ${formatCount(
        thisWeek.total,
      )} ${thisWeek.total === 1 ? 'event' : 'events'}`}
    >
      <Figures facet={facet} changes={changes} />
    </InfoCard>
  );
}

/**
 * The support load of the entity on the page: this week against the 12-week
 * median per kind, a sparkline, pages per on-call shift against the limit,
 * the top categories and the long-tail share.
 *
 * @public
 */
export function SupportLoadCard() {
  return (
    <WithSummary title={TITLE} what="the support load" facet="supportLoad">
      {summary => <SupportLoadCardBody value={summary} />}
    </WithSummary>
  );
}
