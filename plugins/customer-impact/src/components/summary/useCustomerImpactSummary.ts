import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useCallback, useEffect, useState } from 'react';
import { customerImpactApiRef } from '../../api';
import {
  SummarySnapshot,
  invalidateEntitySummary,
  summaryEntry,
} from './summaryCache';

/**
 * The customer-impact summary of the entity on the current page, shared by
 * every card of the page (one request; see `summaryCache.ts`). `reload`
 * makes every card of the entity load it again.
 */
export function useCustomerImpactSummary(): SummarySnapshot & {
  reload: () => void;
} {
  const { entity } = useEntity();
  const api = useApi(customerImpactApiRef);
  const entityRef = stringifyEntityRef(entity);
  // The snapshot is kept with the ref it belongs to: a card that moves to
  // another entity never shows the previous entity's figures.
  const [state, setState] = useState<{
    ref: string;
    snapshot: SummarySnapshot;
  }>(() => {
    const entry = summaryEntry(api, entityRef);
    return {
      ref: entityRef,
      snapshot: entry.isFresh(Date.now()) ? entry.snapshot : { loading: true },
    };
  });

  useEffect(() => {
    const entry = summaryEntry(api, entityRef);
    const listener = (snapshot: SummarySnapshot) =>
      setState({ ref: entityRef, snapshot });
    entry.listeners.add(listener);
    if (!entry.isFresh(Date.now())) {
      entry.load();
    }
    listener(entry.snapshot);
    return () => {
      entry.listeners.delete(listener);
    };
  }, [api, entityRef]);

  const snapshot: SummarySnapshot =
    state.ref === entityRef ? state.snapshot : { loading: true };

  const reload = useCallback(
    () => invalidateEntitySummary(api, entityRef),
    [api, entityRef],
  );
  return { ...snapshot, reload };
}
