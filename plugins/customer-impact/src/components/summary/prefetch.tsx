import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CustomerImpactApi } from '@customer-impact/plugin-customer-impact-common';
import { ComponentType, Suspense, lazy, useEffect } from 'react';
import { customerImpactApiRef } from '../../api';
import { summaryEntry } from './summaryCache';

/**
 * Starts loading the entity's summary (the one request its cards share, see
 * `summaryCache.ts`) unless a fresh one is cached or a request is running.
 */
export function prefetchEntitySummary(
  api: CustomerImpactApi,
  entityRef: string,
): void {
  const entry = summaryEntry(api, entityRef);
  if (!entry.isFresh(Date.now())) {
    entry.load();
  }
}

/**
 * A card whose code is loaded lazily, and whose entity's summary is asked
 * for as soon as the card is placed on the page: the request runs while the
 * card's code arrives and is evaluated, instead of after it (an entity
 * page's cards come in lazy chunks, charts included, and would otherwise ask
 * only once the first of them has mounted). The card itself reads the
 * summary from the shared cache as before, so nothing is asked twice.
 *
 * Create it once, at module level (it holds the lazy component).
 */
export function withSummaryPrefetch<P extends {}>(
  load: () => Promise<ComponentType<P>>,
): (props: P) => JSX.Element {
  const Card = lazy(() => load().then(component => ({ default: component })));
  const Prefetching = (props: P) => {
    const { entity } = useEntity();
    const api = useApi(customerImpactApiRef);
    const entityRef = stringifyEntityRef(entity);
    useEffect(() => prefetchEntitySummary(api, entityRef), [api, entityRef]);
    return (
      <Suspense fallback={<Progress />}>
        <Card {...(props as any)} />
      </Suspense>
    );
  };
  return Prefetching;
}
