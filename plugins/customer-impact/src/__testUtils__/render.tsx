import { Entity } from '@backstage/catalog-model';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  CustomerImpactApi,
  DeprecationFacet,
  EntityCustomerImpactSummary,
} from '@customer-impact/plugin-customer-impact-common';
import { ReactElement } from 'react';
import { customerImpactApiRef } from '../api';

export const emptyDeprecation: DeprecationFacet = {
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
};

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
    deprecation?: Partial<DeprecationFacet>;
    /** Other facets of the summary (facets left out are absent). */
    summary?: Partial<EntityCustomerImpactSummary>;
    /** Other methods of the API, e.g. `getEntitySupportEvents`. */
    api?: Partial<CustomerImpactApi>;
    error?: Error;
  },
) {
  const getEntitySummary = jest.fn(async (): Promise<EntityCustomerImpactSummary> => {
    if (options.error) throw options.error;
    return {
      entityRef: `${options.entity.kind.toLocaleLowerCase()}:default/${options.entity.metadata.name}`,
      generatedAt: '2026-11-21T12:00:00Z',
      deprecation: { ...emptyDeprecation, ...options.deprecation },
      ...options.summary,
    } as EntityCustomerImpactSummary;
  });
  const api = { getEntitySummary, ...options.api } as CustomerImpactApi;
  const rendered = await renderInTestApp(
    <TestApiProvider apis={[[customerImpactApiRef, api]]}>
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { rendered, getEntitySummary };
}
