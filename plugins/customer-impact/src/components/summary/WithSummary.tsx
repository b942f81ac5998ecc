import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import {
  EntityCustomerImpactSummary,
  FacetFailure,
} from '@customer-impact/plugin-customer-impact-common';
import { useCustomerImpactSummary } from './useCustomerImpactSummary';

/**
 * True when a facet of the summary failed for this request (`status: 'error'`
 * with its reason, and nothing else). An SLO facet whose definitions could not
 * be read is `error` too, but it still carries its SLOs: that one is shown.
 */
export function isFacetFailure(
  facet: { status: string } | undefined,
): facet is FacetFailure {
  return facet !== undefined && facet.status === 'error' && !('slos' in facet);
}

/** The warning a card shows for its facet when that facet failed. */
export function FacetFailurePanel(props: {
  /** What could not be loaded, e.g. "the SLOs". */
  what: string;
  facet: FacetFailure;
}) {
  return (
    <WarningPanel
      severity="error"
      title={`Could not load ${props.what}`}
      message={props.facet.reason}
    />
  );
}

/**
 * Loads the summary of the entity on the page (the one request the page's
 * cards share) and shows the loading and error states every facet card
 * shares: the request failing, or the card's own facet answering
 * `status: 'error'` (the other cards still show theirs). Renders `children`
 * with the summary otherwise.
 */
export function WithSummary<
  K extends keyof EntityCustomerImpactSummary,
>(props: {
  title: string;
  /** What could not be loaded, e.g. "the SLOs". */
  what: string;
  /** The card's facet: its failure is shown in this card only. */
  facet: K;
  children: (summary: EntityCustomerImpactSummary) => JSX.Element;
}) {
  const { value, loading, error } = useCustomerImpactSummary();
  if (loading && !value) {
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
  const facet = value[props.facet] as { status: string } | undefined;
  if (isFacetFailure(facet)) {
    return (
      <InfoCard title={props.title}>
        <FacetFailurePanel what={props.what} facet={facet} />
      </InfoCard>
    );
  }
  return props.children(value);
}
