import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { EntityCustomerImpactSummary } from '@customer-impact/plugin-customer-impact-common';
import { useCustomerImpactSummary } from '../hooks/useCustomerImpactSummary';

/**
 * Loads the summary of the entity on the page and shows the loading and error
 * states every facet card shares; renders `children` with the summary once
 * it is there.
 */
export function WithSummary(props: {
  title: string;
  /** What could not be loaded, e.g. "the SLOs". */
  what: string;
  children: (summary: EntityCustomerImpactSummary) => JSX.Element;
}) {
  const { value, loading, error } = useCustomerImpactSummary();
  if (loading) {
    return (
      <InfoCard title={props.title}>
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <InfoCard title={props.title}>
        <WarningPanel
          severity="error"
          title={`Could not load ${props.what}`}
          message={error?.message}
        />
      </InfoCard>
    );
  }
  return props.children(value);
}
