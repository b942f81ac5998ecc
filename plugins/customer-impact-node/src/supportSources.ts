import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';

/**
 * One support event as a pull source produces it. The backend validates it
 * with the same rules as a push (`parseSupportEventBatch` of the common
 * package) before it stores it; an invalid event is skipped and logged.
 *
 * @public
 */
export interface PulledSupportEvent {
  /** The system it comes from; a source normally uses its own `id`. */
  source: string;
  externalId: string;
  entityRef: string;
  consumerRef?: string;
  kind: 'ticket' | 'page' | 'escalation' | 'manual-exception';
  /** ISO 8601 with a zone. */
  openedAt: string;
  resolvedAt?: string;
  category?: string;
  severity?: string;
  title?: string;
  url?: string;
}

/**
 * What a pull gets.
 *
 * @public
 */
export interface SupportPullRequest {
  /**
   * The catalog entities (Component, API, Resource, System) as the backend read
   * them; a source picks those carrying its annotation.
   */
  entities: Entity[];
  /**
   * Events changed at or after this moment are wanted. From the cursor the
   * source returned last time when it is an ISO 8601 timestamp, otherwise the
   * start of the support window (12 weeks before the current week).
   */
  since: Date;
  /** The cursor the source returned from its last successful pull; undefined on the first. */
  cursor?: string;
  /** Aborted when the scheduled task times out or the backend stops. */
  signal: AbortSignal;
  logger: LoggerService;
}

/**
 * What a pull returns.
 *
 * @public
 */
export interface SupportPullResult {
  events: PulledSupportEvent[];
  /**
   * Where the next pull should continue, stored by the backend. An ISO 8601
   * timestamp becomes the next `since`.
   */
  cursor?: string;
}

/**
 * A system the backend pulls support events from on a schedule, such as
 * PagerDuty or GitHub issues. Added by a backend module through
 * `customerImpactSourcesExtensionPoint.addSupportEventSource`.
 *
 * @public
 */
export interface SupportEventSource {
  /** Unique id, e.g. `pagerduty`; names the scheduled task and the stored cursor. */
  readonly id: string;
  pull(request: SupportPullRequest): Promise<SupportPullResult>;
}
