import { setTimeout as delay } from 'node:timers/promises';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PulledSupportEvent,
  SupportEventSource,
  SupportPullRequest,
  SupportPullResult,
} from '@customer-impact/plugin-customer-impact-node';
import pRetry from 'p-retry';

/**
 * The annotation naming an entity's PagerDuty service.
 *
 * @public
 */
export const PAGERDUTY_SERVICE_ANNOTATION = 'pagerduty.com/service-id';

/** The largest page the incidents endpoint serves. */
const PAGE_LIMIT = 100;
/** Classic pagination stops here: offset + limit may not exceed 10,000. */
const MAX_OFFSET = 10_000;
/** Services per request (each is one `service_ids[]` parameter). */
const SERVICES_PER_REQUEST = 10;

/** The fields of a PagerDuty incident (REST API v2) this source reads. */
interface PagerDutyIncident {
  id: string;
  incident_number?: number;
  title?: string;
  summary?: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  created_at: string;
  resolved_at?: string | null;
  last_status_change_at?: string;
  html_url?: string;
  urgency?: 'high' | 'low';
  priority?: { summary?: string } | null;
  service: { id: string };
  responder_requests?: unknown[];
}

interface IncidentsPage {
  incidents: PagerDutyIncident[];
  limit: number;
  offset: number;
  more: boolean;
}

/**
 * Options of {@link PagerDutySupportSource}.
 *
 * @public
 */
export interface PagerDutySupportSourceOptions {
  /** A PagerDuty REST API key, sent as `Authorization: Token token=...`. */
  token: string;
  /** Default `https://api.pagerduty.com`. */
  baseUrl?: string;
  /** Priorities (`priority.summary`) that make an incident an escalation. Default `['P1']`. */
  escalationPriorities?: string[];
  /** How many times a rate-limited (429) or failed (5xx) request is retried. Default 5. */
  maxRetries?: number;
  /**
   * For tests: how to wait before a retry. Default: an abortable timer, so
   * that a pull stopped by its task's timeout stops waiting.
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** For tests: the clock. */
  now?: () => Date;
}

async function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw new Error('PagerDuty pull aborted');
  }
}

/** Answers worth another try: the rate limit, and PagerDuty's temporary failures. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** A retryable error answer, with how long PagerDuty asked us to wait. */
class RetryableAnswer extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly waitMs: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Pulls PagerDuty incidents of the services named by the
 * `pagerduty.com/service-id` annotation: `GET /incidents?service_ids[]=
 * &since=&until=&limit=&offset=` with classic `more`/`offset` pagination.
 *
 * Incremental: the cursor is the creation time of the oldest incident still
 * open at the last pull (or that pull's `until` when none was open), so an
 * incident resolved later is read again and updated. Rate limits (429) and
 * temporary failures (5xx) are retried with `p-retry`.
 *
 * @public
 */
export class PagerDutySupportSource implements SupportEventSource {
  readonly id = 'pagerduty';
  private readonly token: string;
  private readonly baseUrl: string;
  private readonly escalationPriorities: Set<string>;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => Date;

  constructor(options: PagerDutySupportSourceOptions) {
    this.token = options.token;
    this.baseUrl = (options.baseUrl ?? 'https://api.pagerduty.com').replace(
      /\/+$/,
      '',
    );
    this.escalationPriorities = new Set(options.escalationPriorities ?? ['P1']);
    this.maxRetries = options.maxRetries ?? 5;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => new Date());
  }

  async pull(request: SupportPullRequest): Promise<SupportPullResult> {
    const until = this.now();
    const entitiesByService = servicesOf(request.entities);
    const serviceIds = [...entitiesByService.keys()].sort();
    if (serviceIds.length === 0) {
      request.logger.info(
        `No entity has the ${PAGERDUTY_SERVICE_ANNOTATION} annotation; nothing to pull`,
      );
      return { events: [], cursor: until.toISOString() };
    }

    const events: PulledSupportEvent[] = [];
    let oldestOpen: string | undefined;
    for (let i = 0; i < serviceIds.length; i += SERVICES_PER_REQUEST) {
      const chunk = serviceIds.slice(i, i + SERVICES_PER_REQUEST);
      for await (const incident of this.incidents(
        chunk,
        request.since,
        until,
        request,
      )) {
        if (incident.status !== 'resolved') {
          if (!oldestOpen || incident.created_at < oldestOpen) {
            oldestOpen = incident.created_at;
          }
        }
        for (const entityRef of entitiesByService.get(incident.service.id) ??
          []) {
          events.push(this.eventOf(incident, entityRef));
        }
      }
    }
    return {
      events,
      cursor: oldestOpen
        ? new Date(oldestOpen).toISOString()
        : until.toISOString(),
    };
  }

  private eventOf(
    incident: PagerDutyIncident,
    entityRef: string,
  ): PulledSupportEvent {
    const priority = incident.priority?.summary ?? undefined;
    const escalated =
      (incident.responder_requests?.length ?? 0) > 0 ||
      (priority !== undefined && this.escalationPriorities.has(priority));
    const resolvedAt =
      incident.status === 'resolved'
        ? incident.resolved_at ?? incident.last_status_change_at ?? undefined
        : undefined;
    const title = incident.title ?? incident.summary;
    const event: PulledSupportEvent = {
      source: 'pagerduty',
      externalId: incident.id,
      entityRef,
      kind: escalated ? 'escalation' : 'page',
      openedAt: incident.created_at,
    };
    if (resolvedAt) event.resolvedAt = resolvedAt;
    const severity = priority ?? incident.urgency;
    if (severity) event.severity = severity;
    if (title) {
      event.title =
        incident.incident_number !== undefined
          ? `#${incident.incident_number} ${title}`
          : title;
    }
    if (incident.html_url) event.url = incident.html_url;
    return event;
  }

  private async *incidents(
    serviceIds: string[],
    since: Date,
    until: Date,
    request: SupportPullRequest,
  ): AsyncGenerator<PagerDutyIncident> {
    let offset = 0;
    for (;;) {
      const params = new URLSearchParams();
      for (const id of serviceIds) params.append('service_ids[]', id);
      params.set('since', since.toISOString());
      params.set('until', until.toISOString());
      params.set('limit', String(PAGE_LIMIT));
      params.set('offset', String(offset));
      params.set('time_zone', 'UTC');
      const page = await this.get<IncidentsPage>(
        `/incidents?${params.toString()}`,
        request.signal,
        request.logger,
      );
      for (const incident of page.incidents ?? []) {
        yield incident;
      }
      if (!page.more || (page.incidents ?? []).length === 0) {
        return;
      }
      offset += page.incidents.length;
      if (offset + PAGE_LIMIT > MAX_OFFSET) {
        request.logger.warn(
          `PagerDuty lists at most ${MAX_OFFSET} incidents per query; the rest of ${since.toISOString()}..${until.toISOString()} is read on the next pull`,
        );
        return;
      }
    }
  }

  /**
   * One GET, retried by p-retry on 429 and 5xx up to `maxRetries` times: as
   * long as PagerDuty's `ratelimit-reset` (or `retry-after`) says, else 1, 2,
   * 4 ... s. p-retry's own timer is 0; the wait happens in `onFailedAttempt`
   * so that it follows PagerDuty's headers and listens to the pull's signal.
   * Other answers, network failures and aborts are not retried.
   */
  private async get<T>(
    path: string,
    signal: AbortSignal,
    logger: LoggerService,
  ): Promise<T> {
    const attempt = async (): Promise<T> => {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}${path}`, {
          headers: {
            Accept: 'application/vnd.pagerduty+json;version=2',
            Authorization: `Token token=${this.token}`,
          },
          signal,
        });
      } catch (e) {
        throw new pRetry.AbortError(
          signal.aborted ? new Error('PagerDuty pull aborted') : (e as Error),
        );
      }
      if (response.ok) {
        return (await response.json()) as T;
      }
      const message = `PagerDuty GET ${path.split('?')[0]} answered ${
        response.status
      }${await errorDetail(response)}`;
      if (!RETRYABLE_STATUSES.has(response.status)) {
        throw new pRetry.AbortError(message);
      }
      throw new RetryableAnswer(
        message,
        response.status,
        headerDelayMs(response),
      );
    };
    return pRetry(attempt, {
      retries: this.maxRetries,
      minTimeout: 0,
      maxTimeout: 0,
      randomize: false,
      onFailedAttempt: async error => {
        if (error.retriesLeft === 0) return;
        const answer = error as unknown as RetryableAnswer;
        const wait =
          answer.waitMs ?? Math.min(2 ** (error.attemptNumber - 1), 60) * 1000;
        logger.warn(
          `PagerDuty ${
            answer.status === 429
              ? 'rate limit reached'
              : `answered ${answer.status}`
          }; retrying in ${Math.round(wait / 1000)} s`,
        );
        await this.sleep(wait, signal);
      },
    });
  }
}

/** How long PagerDuty asks us to wait: `ratelimit-reset` or `retry-after` seconds, at most 5 minutes. */
function headerDelayMs(response: Response): number | undefined {
  for (const header of ['ratelimit-reset', 'retry-after']) {
    const value = Number(response.headers.get(header));
    if (response.headers.has(header) && Number.isFinite(value) && value >= 0) {
      return Math.min(value, 300) * 1000;
    }
  }
  return undefined;
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as {
      error?: { message?: string; code?: number; errors?: string[] };
    };
    const e = body.error;
    if (!e) return '';
    return `: ${e.message ?? 'error'}${
      e.code !== undefined ? ` (code ${e.code})` : ''
    }${e.errors?.length ? `: ${e.errors.join('; ')}` : ''}`;
  } catch {
    return '';
  }
}

/** Service id → the refs of the entities annotated with it. */
function servicesOf(entities: Entity[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entity of entities) {
    const id =
      entity.metadata.annotations?.[PAGERDUTY_SERVICE_ANNOTATION]?.trim();
    if (!id) continue;
    const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    map.set(id, [...(map.get(id) ?? []), ref]);
  }
  return map;
}
