import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  CUSTOMER_IMPACT_ANNOTATION_PREFIX,
  KNOWN_CUSTOMER_IMPACT_ANNOTATIONS,
  readDeprecationAnnotations,
} from '@customer-impact/plugin-customer-impact-common';

/**
 * Validates the `customer-impact/*` annotations of every entity. Each invalid
 * value becomes a catalog processing error that names the annotation (shown on
 * the entity page and in the catalog's error logs); the processor never throws.
 *
 * @public
 */
export class CustomerImpactAnnotationProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'CustomerImpactAnnotationProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    const ours = Object.keys(annotations).filter(key =>
      key.startsWith(CUSTOMER_IMPACT_ANNOTATION_PREFIX),
    );
    if (ours.length === 0) {
      return entity;
    }

    for (const key of ours) {
      if (!KNOWN_CUSTOMER_IMPACT_ANNOTATIONS.includes(key)) {
        emit(
          processingResult.inputError(
            location,
            `Unknown annotation ${key}; the customer-impact annotations are ${KNOWN_CUSTOMER_IMPACT_ANNOTATIONS.join(
              ', ',
            )}`,
          ),
        );
      }
    }

    for (const problem of readDeprecationAnnotations(entity).problems) {
      emit(processingResult.inputError(location, problem.message));
    }
    return entity;
  }
}
