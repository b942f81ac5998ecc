import { SloDefinition } from '@customer-impact/plugin-customer-impact-common';
import { SloStateStore } from '../SloStateStore';

/**
 * Stores `slos` as the entity's definitions, read at `atMs` from its
 * `./slos.yaml` without problems: what the definitions reader leaves after a
 * successful read.
 */
export async function storeSloDefinitions(
  state: Pick<SloStateStore, 'saveDefinitions'>,
  entityRef: string,
  slos: SloDefinition[],
  atMs: number,
): Promise<void> {
  await state.saveDefinitions({
    entityRef,
    annotation: './slos.yaml',
    location: 'file:/tmp/slos.yaml',
    result: { slos, dataSources: [], alertPolicies: [], problems: [] },
    fetchedAt: atMs,
    attemptedAt: atMs,
    fetchError: null,
  });
}
