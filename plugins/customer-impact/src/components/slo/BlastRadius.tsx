import { WarningPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  BurningDependency,
  SloAffectedTeam,
} from '@customer-impact/plugin-customer-impact-common';
import { parseEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import { formatClock, formatCount } from '../format';

function nameOf(dependency: BurningDependency): string {
  return dependency.title ?? parseEntityRef(dependency.entityRef).name;
}

/** "Payments service, page since 10:05 AM" */
export function describeBurning(
  dependency: BurningDependency,
  reference: string,
): string {
  return `${nameOf(dependency)}, ${dependency.state} since ${formatClock(
    dependency.since,
    reference,
  )}`;
}

/**
 * On a consumer's page: the SLOs of what it depends on or consumes that are
 * in page or ticket ("a dependency is burning its error budget").
 */
export function BurningDependencies(props: {
  dependencies: BurningDependency[];
  /** When the summary was computed: times on that day show without the day. */
  generatedAt: string;
}) {
  const { dependencies, generatedAt } = props;
  if (dependencies.length === 0) {
    return null;
  }
  const title =
    dependencies.length === 1
      ? `A dependency is burning its error budget: ${describeBurning(
          dependencies[0],
          generatedAt,
        )}`
      : `${
          dependencies.length
        } dependencies are burning their error budget: ${dependencies
          .map(d => describeBurning(d, generatedAt))
          .join('; ')}`;
  const latest = dependencies
    .map(d => d.evaluatedAt)
    .sort()
    .slice(-1)[0];
  return (
    <WarningPanel
      severity={
        dependencies.some(d => d.state === 'page') ? 'error' : 'warning'
      }
      title={title}
      defaultExpanded
    >
      <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
        {dependencies.map(d => (
          <Typography
            key={`${d.entityRef}:${d.slo}`}
            variant="body2"
            data-testid={`burning-${d.entityRef}:${d.slo}`}
          >
            <EntityRefLink entityRef={d.entityRef} title={nameOf(d)} />: SLO{' '}
            {d.sloName} in {d.state} since {formatClock(d.since, generatedAt)}{' '}
            (incident since {formatClock(d.incidentStartedAt, generatedAt)})
            {d.via.length > 0 && (
              <>
                , reached through{' '}
                {d.via.map((api, i) => (
                  <Fragment key={api}>
                    {i > 0 && ', '}
                    <EntityRefLink entityRef={api} />
                  </Fragment>
                ))}
              </>
            )}
            .
          </Typography>
        ))}
        <Typography variant="caption" color="textSecondary">
          States as last evaluated at {formatClock(latest, generatedAt)} (every
          5 minutes); their owners have been told.
        </Typography>
      </Box>
    </WarningPanel>
  );
}

/** "3 consuming teams" */
export function describeTeams(teams: SloAffectedTeam[]): string {
  const owned = teams.filter(t => t.ownerRef !== null).length;
  return `${formatCount(owned)} consuming ${owned === 1 ? 'team' : 'teams'}`;
}

/**
 * On the SLO card of a burning entity: the owners of its consumers, the
 * internal customers affected, with their consumers.
 */
export function InternalCustomersAffected(props: { teams: SloAffectedTeam[] }) {
  const { teams } = props;
  if (teams.length === 0) {
    return null;
  }
  const consumers = teams.reduce((n, t) => n + t.consumers.length, 0);
  return (
    <Box data-testid="internal-customers-affected">
      <Typography variant="subtitle2">
        Internal customers affected: {describeTeams(teams)} through{' '}
        {formatCount(consumers)} {consumers === 1 ? 'consumer' : 'consumers'}
      </Typography>
      <Box component="ul" m={0} pl={2}>
        {teams.map(team => (
          <Typography
            key={team.ownerRef ?? 'none'}
            variant="body2"
            component="li"
          >
            {team.ownerRef ? (
              <EntityRefLink entityRef={team.ownerRef} />
            ) : (
              'no owner'
            )}
            :{' '}
            {team.consumers.map((c, i) => (
              <Fragment key={c}>
                {i > 0 && ', '}
                <EntityRefLink entityRef={c} />
              </Fragment>
            ))}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}
