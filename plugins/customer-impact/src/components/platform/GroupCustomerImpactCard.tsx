import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { formatPainNumber } from '@customer-impact/plugin-customer-impact-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { customerImpactApiRef } from '../../api';
import { customerImpactPageRouteRef } from '../../routes';
import { formatWindow } from '../format';
import { groupsBelow } from './CustomerImpactPage';

const TITLE = 'Customer impact of this group';

/** The page's path, or null when the app has not mounted the page. */
function usePagePath(): string | null {
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    return useRouteRef(customerImpactPageRouteRef)();
  } catch {
    return null;
  }
}

/**
 * On a Group page: the pain over the group's whole tree this week, where it
 * hurts most, and a link to the Customer Impact page for the group.
 *
 * @public
 */
export function GroupCustomerImpactCard() {
  const { entity } = useEntity();
  const api = useApi(customerImpactApiRef);
  const groupRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const pagePath = usePagePath();
  const { value, loading, error } = useAsync(
    () => api.getGroupRollup(groupRef, { limit: 3 }),
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
          title="Could not load the group's rollup"
          message={error?.message}
        />
      </InfoCard>
    );
  }
  const now = value.trend[value.trend.length - 1];
  const link = pagePath
    ? `${pagePath}?group=${encodeURIComponent(groupRef)}`
    : undefined;
  return (
    <InfoCard
      title={TITLE}
      subheader={`Over the group and ${groupsBelow(
        value.groups.length - 1,
      )}, last ${formatWindow(value.window)}`}
      deepLink={
        link ? { title: 'Open the Customer Impact page', link } : undefined
      }
    >
      <Typography variant="body1">
        {now?.value === null || now === undefined ? (
          <span>Pain: no data</span>
        ) : (
          <span>
            Pain: <strong>{formatPainNumber(now.value)}</strong> points over{' '}
            {now.measuredEntities} measured entities
          </span>
        )}
      </Typography>
      {value.entities.filter(e => e.painIndex.value !== null).length > 0 && (
        <>
          <Typography variant="subtitle2">Hurting most</Typography>
          {value.entities
            .filter(e => e.painIndex.value !== null)
            .map(e => (
              <Typography variant="body2" key={e.entityRef}>
                <EntityRefLink entityRef={e.entityRef} />:{' '}
                {formatPainNumber(e.painIndex.value!)} points
              </Typography>
            ))}
        </>
      )}
      {value.consumers[0] && (
        <Typography variant="body2">
          Consuming team hurting most:{' '}
          <EntityRefLink
            entityRef={value.consumers[0].consumerRef}
            defaultKind="group"
          />{' '}
          ({formatPainNumber(value.consumers[0].points)} points)
        </Typography>
      )}
    </InfoCard>
  );
}
