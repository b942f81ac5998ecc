import { Link, WarningPanel } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  DeprecationExposure,
  DeprecationFigures,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  FacetFailurePanel,
  isFacetFailure,
  useCustomerImpactSummary,
} from '../summary';
import { describeDaysToSunset, formatDay } from '../format';

export { isDeprecationBannerRelevant } from './isDeprecationBannerRelevant';

function SunsetLine(props: { sunset: string | null; days: number | null }) {
  if (!props.sunset || props.days === null) {
    return <>No sunset date set.</>;
  }
  return (
    <>
      Sunset on <strong>{formatDay(props.sunset)}</strong> (
      {describeDaysToSunset(props.days)}).
    </>
  );
}

function OwnDeprecation(props: { kind: string; facet: DeprecationFigures }) {
  const { facet } = props;
  const passed = facet.daysToSunset !== null && facet.daysToSunset < 0;
  return (
    <WarningPanel
      severity={passed ? 'error' : 'warning'}
      title={`This ${props.kind} is deprecated`}
      defaultExpanded
    >
      <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
        <Typography variant="body2">
          {facet.replacedBy ? (
            <>
              Use <EntityRefLink entityRef={facet.replacedBy} /> instead.{' '}
            </>
          ) : (
            <>No replacement is named. </>
          )}
          <SunsetLine sunset={facet.sunset} days={facet.daysToSunset} />
        </Typography>
        {facet.migrationGuide && (
          <Typography variant="body2">
            <Link to={facet.migrationGuide}>Read the migration guide</Link>
          </Typography>
        )}
        {facet.reason && (
          <Typography variant="body2">Why: {facet.reason}</Typography>
        )}
        {facet.problems.map(p => (
          <Typography key={p.annotation} variant="body2" color="error">
            Invalid annotation: {p.message}
          </Typography>
        ))}
      </Box>
    </WarningPanel>
  );
}

function ExposureItem(props: { item: DeprecationExposure }) {
  const { item } = props;
  return (
    <Typography variant="body2" component="li">
      <EntityRefLink entityRef={item.entityRef} /> is deprecated
      {item.replacedBy ? (
        <>
          {' '}
          and replaced by <EntityRefLink entityRef={item.replacedBy} />
        </>
      ) : (
        <> with no replacement named</>
      )}
      . <SunsetLine sunset={item.sunset} days={item.daysToSunset} />
      {item.migrationGuide && (
        <>
          {' '}
          <Link to={item.migrationGuide}>Migration guide</Link>
        </>
      )}
    </Typography>
  );
}

function Exposure(props: { items: DeprecationExposure[] }) {
  const { items } = props;
  const passed = items.some(i => i.daysToSunset !== null && i.daysToSunset < 0);
  const count = items.length;
  return (
    <WarningPanel
      severity={passed ? 'error' : 'warning'}
      title={`Depends on ${count} deprecated ${
        count === 1 ? 'entity' : 'entities'
      }`}
      defaultExpanded
    >
      <Box component="ul" m={0} pl={2}>
        {items.map(item => (
          <ExposureItem key={item.entityRef} item={item} />
        ))}
      </Box>
    </WarningPanel>
  );
}

/**
 * A banner on an entity page: says when the entity is deprecated (what
 * replaces it, the sunset date and days left, the migration guide), and warns
 * when it still depends on deprecated entities. Renders nothing otherwise.
 *
 * @public
 */
export function DeprecationBanner() {
  const { entity } = useEntity();
  const { value, error } = useCustomerImpactSummary();
  if (error) {
    return (
      <WarningPanel
        severity="error"
        title="Could not load the deprecation status"
        message={error.message}
      />
    );
  }
  if (!value) {
    return null;
  }
  const { deprecation } = value;
  if (isFacetFailure(deprecation)) {
    return (
      <FacetFailurePanel what="the deprecation status" facet={deprecation} />
    );
  }
  if (!deprecation.deprecated && deprecation.exposure.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {deprecation.deprecated && (
        <OwnDeprecation kind={entity.kind} facet={deprecation} />
      )}
      {deprecation.exposure.length > 0 && (
        <Exposure items={deprecation.exposure} />
      )}
    </Box>
  );
}
