import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  CustomerImpactApi,
  DEPRECATION_HOW_TO,
  DeprecationFacet,
  DeprecationFigures,
  EntityCustomerImpactSummary,
} from '@customer-impact/plugin-customer-impact-common';
import { ReactElement } from 'react';
import { customerImpactApiRef } from '../api';

export const emptyDeprecation: DeprecationFigures = {
  deprecated: false,
  replacedBy: null,
  sunset: null,
  daysToSunset: null,
  migrationGuide: null,
  reason: null,
  problems: [],
  dependents: [],
  exposure: [],
  burndown: [],
  progress: null,
  exemptions: [],
};

/**
 * The deprecation facet of figures as the backend answers it: `ok` when the
 * entity is deprecated or exposed, else `not-configured` with its howTo.
 */
export function deprecationFacet(
  figures: Partial<DeprecationFigures> = {},
): DeprecationFacet {
  const all = { ...emptyDeprecation, ...figures };
  return all.deprecated || all.exposure.length > 0
    ? {
        ...all,
        status: 'ok',
        lastUpdatedAt: all.burndown[all.burndown.length - 1]?.date ?? null,
      }
    : {
        ...all,
        status: 'not-configured',
        howTo: DEPRECATION_HOW_TO,
        lastUpdatedAt: null,
      };
}

export function entity(kind: string, name: string, spec: object = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { lifecycle: 'production', owner: 'group:platform', ...spec },
  };
}

/** Renders an element on an entity page whose API returns the given summary. */
export async function renderForEntity(
  element: ReactElement,
  options: {
    entity: Entity;
    /** Figures of the deprecation facet (its status follows from them), or a whole facet. */
    deprecation?: Partial<DeprecationFigures> | DeprecationFacet;
    /** Other facets of the summary (facets left out are absent). */
    summary?: Partial<EntityCustomerImpactSummary>;
    /** Other methods of the API, e.g. `getEntitySupportEvents`. */
    api?: Partial<CustomerImpactApi>;
    error?: Error;
  },
) {
  const getEntitySummary = jest.fn(
    async (): Promise<EntityCustomerImpactSummary> => {
      if (options.error) throw options.error;
      return {
        entityRef: `${options.entity.kind.toLocaleLowerCase()}:default/${
          options.entity.metadata.name
        }`,
        generatedAt: '2026-11-21T12:00:00Z',
        deprecation:
          options.deprecation && 'status' in options.deprecation
            ? options.deprecation
            : deprecationFacet(options.deprecation),
        ...options.summary,
      } as EntityCustomerImpactSummary;
    },
  );
  const api = { getEntitySummary, ...options.api } as CustomerImpactApi;
  const rendered = await renderInTestApp(
    <TestApiProvider apis={[[customerImpactApiRef, api]]}>
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { rendered, getEntitySummary };
}
