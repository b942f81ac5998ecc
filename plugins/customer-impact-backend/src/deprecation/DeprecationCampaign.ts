import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  ANNOTATION_SUNSET,
  DEFAULT_DEPRECATION_NOTICE_DAYS,
  DeprecationAnnotations,
  DeprecationNoticeDue,
  daysToSunset,
  dependentRefsOf,
  dueDeprecationNotice,
  readDeprecationAnnotations,
} from '@customer-impact/plugin-customer-impact-common';
import { ownerOf } from '../service/owners';
import { DeprecationCampaignStore } from './DeprecationCampaignStore';

/** What one campaign run did. */
export interface DeprecationCampaignResult {
  /** Notifications sent (one per dependent). */
  sent: number;
  /** Dependents not told because an exemption holds. */
  exempt: number;
  /** Dependents without an owner to tell. */
  unowned: number;
  /** Dependents whose notification failed (tried again next run). */
  failed: number;
}

/**
 * The deprecation campaign: for each deprecated entity with a sunset date,
 * tells the owner of every dependent at the configured days before the
 * sunset (default 90, 30, 7) and once it has passed, once each. What was sent
 * is stored, so a second run, a restart or another replica sends nothing
 * more; a dependent that migrated is no longer a dependent and is not told;
 * an exempt dependent is told only after its exemption ends.
 */
export class DeprecationCampaign {
  private readonly noticeDays: readonly number[];

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      notifications: NotificationService;
      store: DeprecationCampaignStore;
      logger: LoggerService;
      /** Days before the sunset to notify at; default 90, 30, 7. */
      noticeDays?: readonly number[];
      now?: () => Date;
    },
  ) {
    this.noticeDays = options.noticeDays ?? DEFAULT_DEPRECATION_NOTICE_DAYS;
  }

  /** Runs the campaign at `now` (default: the clock given, else the wall clock). */
  async run(
    now: Date = this.options.now?.() ?? new Date(),
  ): Promise<DeprecationCampaignResult> {
    const { catalog, auth, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_SUNSET}`]: CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata', 'spec.lifecycle', 'relations'],
      },
      { credentials },
    );
    const result: DeprecationCampaignResult = {
      sent: 0,
      exempt: 0,
      unowned: 0,
      failed: 0,
    };
    for (const entity of items) {
      const annotations = readDeprecationAnnotations(entity);
      if (!annotations.deprecated || !annotations.sunset) {
        continue;
      }
      const due = dueDeprecationNotice(
        daysToSunset(annotations.sunset, now),
        this.noticeDays,
      );
      if (!due) {
        continue;
      }
      await this.notifyDependents(entity, annotations, due, now, result);
    }
    if (result.sent + result.failed > 0) {
      logger.info(
        `Deprecation campaign: ${result.sent} notices sent, ${result.exempt} exempt, ${result.unowned} without owner, ${result.failed} failed`,
      );
    }
    return result;
  }

  private async notifyDependents(
    entity: Entity,
    annotations: DeprecationAnnotations,
    due: DeprecationNoticeDue,
    now: Date,
    result: DeprecationCampaignResult,
  ) {
    const { catalog, auth, store, notifications, logger } = this.options;
    const entityRef = stringifyEntityRef(entity);
    const sunset = annotations.sunset!;
    const already = await store.notifiedDependents(entityRef, sunset, due.key);
    const pending = dependentRefsOf(entity).filter(
      ref => !already.has(ref.toLocaleLowerCase('en-US')),
    );
    if (pending.length === 0) {
      return;
    }
    const exempt = await store.exemptDependents(entityRef, now);
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: pending,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.owner',
          'relations',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    for (const dependent of items) {
      if (!dependent) {
        continue; // gone from the catalog since the relation was computed
      }
      const dependentRef = stringifyEntityRef(dependent);
      if (exempt.has(dependentRef.toLocaleLowerCase('en-US'))) {
        result.exempt += 1;
        continue;
      }
      const owner = ownerOf(dependent);
      if (!owner) {
        result.unowned += 1;
        continue;
      }
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: owner },
          payload: deprecationNoticePayload({
            entity,
            annotations,
            dependentRef,
            due,
            daysLeft: daysToSunset(sunset, now)!,
          }),
        });
      } catch (error) {
        // Not recorded: the next run tries again.
        result.failed += 1;
        logger.warn(
          `Could not tell ${owner} that ${entityRef} sunsets (${
            due.key
          }) for ${dependentRef}: ${(error as Error).message}`,
        );
        continue;
      }
      await store.recordNotice({
        entityRef,
        dependentRef,
        sunset,
        notice: due.key,
        ownerRef: owner,
        sentAt: now,
      });
      result.sent += 1;
    }
  }
}

function nameOf(entity: Entity): string {
  return entity.metadata.title ?? entity.metadata.name;
}

/** The notification a dependent's owner gets. */
export function deprecationNoticePayload(options: {
  entity: Entity;
  annotations: DeprecationAnnotations;
  dependentRef: string;
  due: DeprecationNoticeDue;
  daysLeft: number;
}): NotificationSendOptions['payload'] {
  const { entity, annotations, dependentRef, due, daysLeft } = options;
  const name = nameOf(entity);
  const dependent = parseEntityRef(dependentRef).name;
  const sunset = annotations.sunset!;
  let when: string;
  if (due.key === 'passed') {
    when = `passed its sunset on ${sunset}`;
  } else if (daysLeft === 0) {
    when = `sunsets today (${sunset})`;
  } else {
    when = `sunsets in ${daysLeft} ${
      daysLeft === 1 ? 'day' : 'days'
    } (${sunset})`;
  }
  const replacement = annotations.replacedBy
    ? `Migrate ${dependent} to ${annotations.replacedBy}.`
    : `No replacement is named; move ${dependent} off it.`;
  const guide = annotations.migrationGuide
    ? ` Migration guide: ${annotations.migrationGuide}`
    : '';
  const exemption =
    ' If it cannot migrate in time, record an exemption with a reason and an end date (POST /api/customer-impact/v1/entities/' +
    `${entity.kind.toLocaleLowerCase('en-US')}/${
      entity.metadata.namespace ?? 'default'
    }/${entity.metadata.name}/deprecation-exemptions).`;
  return {
    title: `${name} ${when}: ${dependent} still depends on it`,
    description: `${replacement}${guide}${exemption}`,
    link: `/catalog/${
      entity.metadata.namespace ?? 'default'
    }/${entity.kind.toLocaleLowerCase('en-US')}/${entity.metadata.name}`,
    severity:
      due.key === 'passed' || (due.daysBefore ?? 0) <= 7 ? 'high' : 'normal',
    topic: 'customer-impact-deprecation',
    scope: `customer-impact-deprecation:${stringifyEntityRef(
      entity,
    )}:${dependentRef}`,
  };
}
