import {
  CompoundEntityRef,
  Entity,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  RELATION_JOURNEY_PASSES_THROUGH,
  RELATION_JOURNEY_STEP_OF,
  RELATION_JOURNEY_USES_TEMPLATE,
  RELATION_TEMPLATE_USED_BY_JOURNEY,
  isJourneyEntity,
  journeyEntityRefs,
  journeyEntityValidator,
} from '@customer-impact/plugin-customer-impact-common';

/**
 * Teaches the catalog the `customer-impact/v1alpha1` `Journey` kind.
 *
 * @remarks
 *
 * `validateEntityKind` accepts valid Journey entities and throws for invalid
 * ones; the catalog turns that into a processing error on the entity whose
 * message names the field (`spec.stages[1].steps[0].expectedDuration must be an
 * ISO 8601 duration ...`), and carries on with the other entities.
 *
 * `postProcessEntity` emits, both ways: `ownedBy`/`ownerOf` with `spec.owner`,
 * `customer-impact/journeyPassesThrough`/`customer-impact/journeyStepOf` with
 * every entity a step goes through (`entityRef`), and
 * `customer-impact/journeyUsesTemplate`/`customer-impact/templateUsedByJourney`
 * with every Template a step uses (`templateRef`).
 *
 * @public
 */
export class JourneyEntitiesProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'JourneyEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    return journeyEntityValidator.check(entity);
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isJourneyEntity(entity)) {
      return entity;
    }
    let refs: ReturnType<typeof journeyEntityRefs>;
    try {
      refs = journeyEntityRefs(entity);
    } catch (error) {
      // Validation runs first, so this is a safety net only.
      emit(
        processingResult.inputError(
          location,
          `Could not read the entity refs of ${entity.metadata.name}: ${error}`,
        ),
      );
      return entity;
    }

    const self = getCompoundEntityRef(entity);
    const both = (
      other: CompoundEntityRef,
      forward: string,
      backward: string,
    ) => {
      emit(
        processingResult.relation({
          source: self,
          type: forward,
          target: other,
        }),
      );
      emit(
        processingResult.relation({
          source: other,
          type: backward,
          target: self,
        }),
      );
    };

    if (refs.owner) {
      both(refs.owner, RELATION_OWNED_BY, RELATION_OWNER_OF);
    }
    for (const target of refs.passesThrough) {
      both(target, RELATION_JOURNEY_PASSES_THROUGH, RELATION_JOURNEY_STEP_OF);
    }
    for (const template of refs.templates) {
      both(
        template,
        RELATION_JOURNEY_USES_TEMPLATE,
        RELATION_TEMPLATE_USED_BY_JOURNEY,
      );
    }
    return entity;
  }
}
