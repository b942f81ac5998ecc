import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  SloAlertState,
  SloStatus,
} from '@customer-impact/plugin-customer-impact-common';
import { SloService } from './SloService';
import { SloAlertStateRow, eachStoredDefinitions } from './SloStateStore';
import { ownerOf } from '../service/owners';
import { SloBlastRadius } from './SloBlastRadius';

/** What to do about an SLO's new state. */
export interface AlertTransition {
  /** The row to store. */
  next: SloAlertStateRow;
  /**
   * Notify the owner of this state (page or ticket), that the alert they
   * were notified of resolved (only for SLOs whose AlertPolicy says
   * `alertWhenResolved`), or nothing.
   */
  notify: 'page' | 'ticket' | 'resolved' | null;
}

/**
 * Once-per-transition rule: the owner is notified when an SLO enters `page`
 * or `ticket`, that is when its state is one of them and differs from the
 * state last notified. Returning to `ok` clears the notified state, so the
 * next breach notifies again; `no-data` does not (a gap in the data during an
 * incident does not cause a second notification when data returns). With
 * `notifyResolved` (an AlertPolicy with `alertWhenResolved`), the return to
 * `ok` after a notified alert is notified too.
 */
export function nextAlertState(
  previous: SloAlertStateRow | undefined,
  entityRef: string,
  slo: string,
  state: SloAlertState,
  nowMs: number,
  options: { notifyResolved?: boolean } = {},
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
  } else if (
    state === 'ok' &&
    options.notifyResolved &&
    (notifiedBefore === 'page' || notifiedBefore === 'ticket')
  ) {
    notify = 'resolved';
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
    for await (const stored of eachStoredDefinitions(service.state)) {
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
      // A composite's members alert through the composite.
      const alerting = evaluated.filter(e => !e.definition.compositeOf);
      for (const { status } of alerting) {
        const { next, notify } = nextAlertState(
          states.get(status.key),
          stored.entityRef,
          status.key,
          status.state,
          nowMs,
          { notifyResolved: status.alerting?.notifyResolved },
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

/** `a=1, b=2` */
function describeLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** Why the SLO alerts, by the rules it alerts with, in one or two sentences. */
export function describeAlertReason(status: SloStatus): string {
  const alerting = status.alerting;
  const condition = alerting?.firedCondition;
  if (condition) {
    const what =
      condition.firedBy === 'no-data'
        ? `no data over ${condition.lookbackWindow}`
        : `burn rate ${condition.rate?.toFixed(1)}× over ${
            condition.lookbackWindow
          } ${condition.op} ${condition.threshold}`;
    return ` AlertPolicy ${condition.policy}, condition ${
      condition.name ?? condition.id
    } (severity ${condition.severity}): ${what}${
      condition.alertAfter !== '0m' ? ` for ${condition.alertAfter}` : ''
    }.`;
  }
  const rule = status.firedRule;
  let text = rule
    ? ` Burn rate ${rule.longRate?.toFixed(1)}× over ${
        rule.longWindow
      } and ${rule.shortRate?.toFixed(1)}× over ${
        rule.shortWindow
      } (threshold ${rule.threshold.toFixed(1)}×).`
    : '';
  const sloth = alerting?.sloth;
  if (sloth && rule) {
    const alert = rule.action === 'page' ? sloth.page : sloth.ticket;
    const labels = { ...sloth.labels, ...alert.labels };
    const annotations = { ...sloth.annotations, ...alert.annotations };
    if (Object.keys(labels).length) {
      text += ` Labels: ${describeLabels(labels)}.`;
    }
    for (const [key, value] of Object.entries(annotations)) {
      text += ` ${key}: ${value}`;
    }
  }
  return text;
}

function notificationPayload(
  entityRef: string,
  status: SloStatus,
  state: 'page' | 'ticket' | 'resolved',
) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const slo = status.displayName ?? status.name;
  const alertName = status.alerting?.sloth?.name;
  const prefix = alertName ? `${alertName}: ` : '';
  const figures = `SLI ${percent(status.sli)} against a target of ${percent(
    status.target,
  )} (${status.window}); budget remaining ${percent(status.budgetRemaining)}.`;
  const common = {
    link: `/catalog/${namespace}/${kind}/${name}`,
    topic: 'customer-impact-slo',
    scope: `customer-impact-slo:${entityRef}:${status.key}`,
  };
  if (state === 'resolved') {
    return {
      ...common,
      title: `${prefix}SLO ${slo} of ${name} is ok again (resolved)`,
      description: `${figures} Its alert policy asks to be told when an alert resolves.`,
      severity: 'normal' as const,
    };
  }
  return {
    ...common,
    title:
      state === 'page'
        ? `${prefix}SLO ${slo} of ${name} is burning its error budget fast (page)`
        : `${prefix}SLO ${slo} of ${name} is burning its error budget (ticket)`,
    description: `${figures}${describeAlertReason(status)}`,
    severity: state === 'page' ? ('critical' as const) : ('high' as const),
  };
}
