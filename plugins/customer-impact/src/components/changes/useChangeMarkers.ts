import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { customerImpactApiRef } from '../../api';

/** A recorded change as a chart marks it. */
export interface ChangeMarker {
  id: string;
  title: string;
  /** When it took effect (ISO 8601). */
  at: string;
}

/** How many of an entity's most recent changes a chart marks. */
const MARKERS = 20;

/**
 * The recorded changes of an entity, newest first, for the markers of its
 * charts (loaded through the typed client). A chart without its markers is
 * still the chart: when they cannot be loaded there are none.
 */
export function useChangeMarkers(
  entityRef: string | undefined,
): ChangeMarker[] {
  const api = useApi(customerImpactApiRef);
  const { value } = useAsync(async () => {
    if (!entityRef) return [];
    const page = await api.listChanges({ entityRef, limit: MARKERS });
    return page.changes.map(c => ({ id: c.id, title: c.title, at: c.at }));
  }, [api, entityRef]);
  return value ?? [];
}
