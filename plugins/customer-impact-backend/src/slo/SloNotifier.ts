import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  SloAlertState,
  SloStatus,
} from '@customer-impact/plugin-customer-impact-common';
import { SloService } from './SloService';
import { SloAlertStateRow } from './SloStateStore';
import { ownerOf } from '../service/owners';
import { SloBlastRadius } from './SloBlastRadius';

/** What to do about an SLO's new state. */
export interface AlertTransition {
  /** The row to store. */
  next: SloAlertStateRow;
  /** Notify the owner of this state (page or ticket), or null. */
  notify: 'page' | 'ticket' | null;
}

/**
 * Once-per-transition rule: the owner is notified when an SLO enters `page`
 * or `ticket`, that is when its state is one of them and differs from the
 * state last notified. Returning to `ok` clears the notified state, so the
 * next breach notifies again; `no-data` does not (a gap in the data during an
 * incident does not cause a second notification when data returns).
 */
export function nextAlertState(
  previous: SloAlertStateRow | undefined,
  entityRef: string,
  slo: string,
  state: SloAlertState,
  nowMs: number,
): AlertTransition {
  const notifiedBefore = previous?.notifiedState ?? null;
  const next: SloAlertStateRow = {
    entityRef,
    slo,
    state,
    notifiedState: state === 'ok' ? null : notifiedBefore,
    changedAt:
      previous && previous.state === state ? previous.changedAt : nowMs,
    notifiedAt: state === 'ok' ? null : previous?.notifiedAt ?? null,
  };
  let notify: AlertTransition['notify'] = null;
  if ((state === 'page' || state === 'ticket') && notifiedBefore !== state) {
    notify = state;
    next.notifiedState = state;
    next.notifiedAt = nowMs;
  }
  return { next, notify };
}

export { ownerOf } from '../service/owners';

function percent(value: number | null): string {
  return value === null ? 'no data' : `${(value * 100).toFixed(2)} %`;
}

/**
 * Evaluates every stored SLO and sends the entity's owner a Backstage
 * notification when one enters `page` or `ticket`. The last notified state
 * is stored, so a restart does not notify again.
 */
export class SloNotifier {
  constructor(
    private readonly options: {
      service: SloService;
      catalog: CatalogService;
      auth: AuthService;
      notifications: NotificationService;
      logger: LoggerService;
      /** Records incidents and notifies the owners of consumers (blast radius). */
      blastRadius?: Pick<SloBlastRadius, 'track' | 'endIncidentsExcept'>;
    },
  ) {}

  async evaluateAll(): Promise<{ notified: number }> {
    const { service, catalog, auth, notifications, logger } = this.options;
    const nowMs = service.evaluationTime();
    let notified = 0;
    const withSlos: string[] = [];
    for (const stored of await service.state.listDefinitions()) {
      const definitions = stored.result?.slos ?? [];
      if (definitions.length === 0) {
        continue;
      }
      withSlos.push(stored.entityRef);
      const evaluated = await service.evaluate(
        stored.entityRef,
        definitions,
        nowMs,
      );
      const states = await service.state.getAlertStates(stored.entityRef);
      let entity: Entity | undefined | null = null;
      for (const { status } of evaluated) {
        const { next, notify } = nextAlertState(
          states.get(status.key),
          stored.entityRef,
          status.key,
          status.state,
          nowMs,
        );
        if (notify) {
          if (entity === null) {
            entity = await catalog.getEntityByRef(stored.entityRef, {
              credentials: await auth.getOwnServiceCredentials(),
            });
          }
          const owner = entity ? ownerOf(entity) : null;
          if (owner) {
            try {
              await notifications.send({
                recipients: { type: 'entity', entityRef: owner },
                payload: notificationPayload(stored.entityRef, status, notify),
              });
              notified += 1;
            } catch (error) {
              // Not stored as notified: the next run tries again.
              logger.warn(
                `Could not notify ${owner} about SLO ${status.key} of ${
                  stored.entityRef
                }: ${(error as Error).message}`,
              );
              continue;
            }
          } else {
            logger.info(
              `SLO ${status.key} of ${stored.entityRef} entered ${notify}, but the entity has no owner to notify`,
            );
          }
        }
        const previous = states.get(status.key);
        if (
          !previous ||
          previous.state !== next.state ||
          previous.notifiedState !== next.notifiedState
        ) {
          await service.state.saveAlertState(next);
        }
      }
      await this.options.blastRadius?.track(
        stored.entityRef,
        evaluated.map(e => e.status),
        nowMs,
      );
    }
    await this.options.blastRadius?.endIncidentsExcept(withSlos, nowMs);
    return { notified };
  }
}

function notificationPayload(
  entityRef: string,
  status: SloStatus,
  state: 'page' | 'ticket',
) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const rule = status.firedRule;
  const rates = rule
    ? ` Burn rate ${rule.longRate?.toFixed(1)}× over ${
        rule.longWindow
      } and ${rule.shortRate?.toFixed(1)}× over ${
        rule.shortWindow
      } (threshold ${rule.threshold.toFixed(1)}×).`
    : '';
  return {
    title:
      state === 'page'
        ? `SLO ${
            status.displayName ?? status.name
          } of ${name} is burning its error budget fast (page)`
        : `SLO ${
            status.displayName ?? status.name
          } of ${name} is burning its error budget (ticket)`,
    description: `SLI ${percent(status.sli)} against a target of ${percent(
      status.target,
    )} (${status.window}); budget remaining ${percent(
      status.budgetRemaining,
    )}.${rates}`,
    link: `/catalog/${namespace}/${kind}/${name}`,
    severity: state === 'page' ? ('critical' as const) : ('high' as const),
    topic: 'customer-impact-slo',
    scope: `customer-impact-slo:${entityRef}:${status.key}`,
  };
}
