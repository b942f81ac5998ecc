import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { PainTerm } from '@customer-impact/plugin-customer-impact-common';

/** How each facet is named where a person reads about pain. */
export const FACET_NAMES: Record<string, string> = {
  supportLoad: 'support load',
  slos: 'SLOs',
  journeys: 'journeys',
  deprecation: 'deprecation',
};

/** The name of a facet for a person ("support load"), or its key. */
export function facetName(facet: string): string {
  return FACET_NAMES[facet] ?? facet;
}

/**
 * Where a term of an entity's pain index is explained: the entity's tab of
 * its facet (support, SLOs), its overview (deprecation), or the journey map
 * of the journey step it names.
 */
export function useTermLink(): (entityRef: string, term: PainTerm) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  const pageOf = (ref: string) => {
    const { kind, namespace, name } = parseEntityRef(ref);
    return entityRoute({ kind, namespace, name });
  };
  return (entityRef, term) => {
    switch (term.facet) {
      case 'supportLoad':
        return `${pageOf(entityRef)}/support`;
      case 'slos':
        return `${pageOf(entityRef)}/slos`;
      case 'journeys':
        return term.detail
          ? `${pageOf(term.detail.split('#')[0])}/journey`
          : pageOf(entityRef);
      default:
        return pageOf(entityRef);
    }
  };
}
