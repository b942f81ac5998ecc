import { Entity } from '@backstage/catalog-model';
import { RELATION_JOURNEY_STEP_OF } from '@customer-impact/plugin-customer-impact-common';

/**
 * Whether a journey step goes through the entity (the journeys card's filter).
 *
 * @public
 */
export function isJourneyStepEntity(entity: Entity): boolean {
  return (entity.relations ?? []).some(
    r => r.type === RELATION_JOURNEY_STEP_OF,
  );
}
