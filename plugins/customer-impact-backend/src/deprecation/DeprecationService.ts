import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SUNSET,
  DeprecationExemption,
  DeprecationFigures,
  deprecationExemptionRequestSchema,
  deprecationProgress,
  utcDayOf,
  DeprecationBurndownImportResponse,
  deprecationBurndownImportSchema,
  parseOrThrowInputError,
  LIFECYCLE_DEPRECATED,
  daysToSunset,
  dependencyRefsOf,
  dependentRefsOf,
  readDeprecationAnnotations,
} from '@customer-impact/plugin-customer-impact-common';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { DeprecationStore } from './DeprecationStore';
import { DeprecationCampaignStore } from './DeprecationCampaignStore';
import { ownerOf } from '../service/owners';
import { EntityReader } from '../facets/SummaryScope';

/** A valid exemption request, before the permission check. */
export interface ParsedDeprecationExemption {
  entityRef: string;
  dependentRef: string;
  reason: string;
  until: string;
}
import {
  UnknownEntityRefsCheck,
  everyEntityKnown,
} from '../service/unknownEntities';

/** How far back the burndown in a summary reaches. */
const BURNDOWN_DAYS = 365;

/**
 * The deprecation facet: reads annotations and relations from the catalog
 * (with the caller's credentials) and the burndown from the store.
 */
export class DeprecationService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      store: DeprecationStore;
      /** Exemptions and sent notices; without it no exemption is listed or accepted. */
      campaigns?: DeprecationCampaignStore;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  /**
   * The entity's deprecation figures at `now` (default: the service's clock),
   * read with the caller's credentials.
   */
  async getFigures(
    entity: Entity,
    credentials: BackstageCredentials,
    now: Date = this.now(),
    /** Where related entities are read (a summary's scope); default: the catalog. */
    reader: EntityReader = this.options.catalog,
  ): Promise<DeprecationFigures> {
    const own = readDeprecationAnnotations(entity);
    const entityRef = stringifyEntityRef(entity);

    const [dependents, exposure, burndown, exemptions] = await Promise.all([
      own.deprecated ? this.dependentsOf(entity, credentials, reader) : [],
      this.exposureOf(entity, credentials, now, reader),
      own.deprecated
        ? this.options.store.getBurndown(
            entityRef,
            DateTime.fromJSDate(now, { zone: 'utc' })
              .minus({ days: BURNDOWN_DAYS })
              .toISODate()!,
          )
        : [],
      own.deprecated && this.options.campaigns
        ? this.options.campaigns.listExemptions(entityRef, now)
        : [],
    ]);

    return {
      deprecated: own.deprecated,
      replacedBy: own.replacedBy,
      sunset: own.sunset,
      daysToSunset: daysToSunset(own.sunset, now),
      migrationGuide: own.migrationGuide,
      reason: own.reason,
      problems: own.problems,
      dependents,
      exposure,
      burndown,
      progress: own.deprecated
        ? deprecationProgress(burndown, own.sunset)
        : null,
      exemptions,
    };
  }

  /**
   * Validates an exemption of a dependent of `entity` (the deprecated entity)
   * at `now`: 400 naming the field when the body is malformed, the entity is
   * not deprecated, the dependent does not depend on it, or the end date is
   * in the past.
   */
  parseExemption(
    entity: Entity,
    body: unknown,
    now: Date = this.now(),
  ): ParsedDeprecationExemption {
    const entityRef = stringifyEntityRef(entity);
    if (!this.options.campaigns) {
      throw new InputError(`Exemptions are not stored by this backend`);
    }
    const request = parseOrThrowInputError(
      deprecationExemptionRequestSchema,
      body,
    );
    if (!readDeprecationAnnotations(entity).deprecated) {
      throw new InputError(
        `${entityRef} is not deprecated: exemptions are recorded on deprecated entities`,
      );
    }
    const dependents = dependentRefsOf(entity).map(ref =>
      ref.toLocaleLowerCase('en-US'),
    );
    if (!dependents.includes(request.dependentRef)) {
      throw new InputError(
        `dependentRef: ${
          request.dependentRef
        } does not depend on ${entityRef} (its dependents: ${
          dependents.join(', ') || 'none'
        })`,
      );
    }
    const today = utcDayOf(now);
    if (request.until < today) {
      throw new InputError(
        `until: must be today (${today}) or later, got "${request.until}"`,
      );
    }
    return { entityRef, ...request };
  }

  /**
   * Records a parsed exemption as a new record (never overwriting an earlier
   * one); the dependent's owner is read with the caller's credentials.
   */
  async addExemption(
    exemption: ParsedDeprecationExemption,
    recordedBy: string,
    credentials: BackstageCredentials,
    now: Date = this.now(),
  ): Promise<DeprecationExemption> {
    const dependent = await this.options.catalog.getEntityByRef(
      exemption.dependentRef,
      { credentials },
    );
    return this.options.campaigns!.addExemption({
      ...exemption,
      ownerRef: dependent ? ownerOf(dependent) : null,
      recordedBy,
      recordedAt: now,
    });
  }

  /** Every exemption of a deprecated entity, newest first. */
  async listExemptions(
    entity: Entity,
    now: Date = this.now(),
  ): Promise<DeprecationExemption[]> {
    return this.options.campaigns
      ? this.options.campaigns.listExemptions(stringifyEntityRef(entity), now)
      : [];
  }

  /** Dependents the caller may see, each with its owner. */
  private async dependentsOf(
    entity: Entity,
    credentials: BackstageCredentials,
    reader: EntityReader,
  ) {
    const refs = dependentRefsOf(entity);
    if (refs.length === 0) {
      return [];
    }
    const { items } = await reader.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      },
      { credentials },
    );
    return items
      .filter((e): e is Entity => Boolean(e))
      .map(e => ({
        entityRef: stringifyEntityRef(e),
        ownerRef:
          e.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
          null,
      }))
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }

  /** Deprecated entities this entity depends on or consumes, soonest sunset first. */
  private async exposureOf(
    entity: Entity,
    credentials: BackstageCredentials,
    now: Date,
    reader: EntityReader,
  ) {
    const refs = dependencyRefsOf(entity);
    if (refs.length === 0) {
      return [];
    }
    const { items } = await reader.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.lifecycle',
        ],
      },
      { credentials },
    );
    return items
      .filter((e): e is Entity => Boolean(e))
      .map(e => ({ entity: e, annotations: readDeprecationAnnotations(e) }))
      .filter(x => x.annotations.deprecated)
      .map(({ entity: e, annotations }) => ({
        entityRef: stringifyEntityRef(e),
        replacedBy: annotations.replacedBy,
        sunset: annotations.sunset,
        daysToSunset: daysToSunset(annotations.sunset, now),
        migrationGuide: annotations.migrationGuide,
      }))
      .sort(
        (a, b) =>
          (a.daysToSunset ?? Infinity) - (b.daysToSunset ?? Infinity) ||
          a.entityRef.localeCompare(b.entityRef),
      );
  }

  /**
   * `POST /v1/deprecation-burndown`: imports the burndown history of days
   * before today (UTC), validated whole before anything is written.
   */
  async importBurndown(
    body: unknown,
    check: UnknownEntityRefsCheck = everyEntityKnown,
  ): Promise<DeprecationBurndownImportResponse> {
    const { points } = parseOrThrowInputError(
      deprecationBurndownImportSchema,
      body,
    );
    const today = DateTime.fromJSDate(this.now(), { zone: 'utc' }).toISODate()!;
    const late = points.findIndex(p => p.date >= today);
    if (late >= 0) {
      throw new InputError(
        `points[${late}].date: must be a day before today (${today}); today's count is recorded by the backend, got "${points[late].date}"`,
      );
    }
    const unknownEntityRefs = await check(points.map(p => p.entityRef));
    const counts = await this.options.store.importPoints(
      points.map(p => ({
        entityRef: p.entityRef,
        day: p.date,
        dependents: p.dependents,
      })),
      this.now(),
    );
    return { ...counts, unknownEntityRefs };
  }

  /**
   * Counts today's dependents of every deprecated entity in the catalog and
   * records them. Run by the scheduled burndown task with the plugin's own
   * service credentials, so every dependent is counted.
   */
  async recordBurndown(credentials: BackstageCredentials): Promise<number> {
    const now = this.now();
    const { items } = await this.options.catalog.getEntities(
      {
        // Either condition is enough: the filter array is an OR.
        filter: [
          { 'spec.lifecycle': LIFECYCLE_DEPRECATED },
          {
            [`metadata.annotations.${ANNOTATION_SUNSET}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: ['kind', 'metadata', 'spec.lifecycle', 'relations'],
      },
      { credentials },
    );
    const counts = items
      .filter(e => readDeprecationAnnotations(e).deprecated)
      .map(e => ({
        entityRef: stringifyEntityRef(e),
        dependents: dependentRefsOf(e).length,
      }));
    const day = DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!;
    await this.options.store.recordSnapshots(day, counts, now);
    this.options.logger.info(
      `Recorded the dependents of ${counts.length} deprecated entities for ${day}`,
    );
    return counts.length;
  }
}
