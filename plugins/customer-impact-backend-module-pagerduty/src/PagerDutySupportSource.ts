import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PulledSupportEvent,
  SupportEventSource,
  SupportPullRequest,
  SupportPullResult,
} from '@customer-impact/plugin-customer-impact-node';

/** The annotation naming an entity's PagerDuty service. */
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

/** Options of {@link PagerDutySupportSource}. */
export interface PagerDutySupportSourceOptions {
  token: string;
  baseUrl?: string;
  escalationPriorities?: string[];
  maxRetries?: number;
  /** For tests: how to wait before a retry. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** For tests: the clock. */
  now?: () => Date;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('PagerDuty pull aborted'));
    });
  });
}

/**
 * Pulls PagerDuty incidents of the services named by the
 * `pagerduty.com/service-id` annotation: `GET /incidents?service_ids[]=
 * &since=&until=&limit=&offset=` with classic `more`/`offset` pagination.
 *
 * Incremental: the cursor is the creation time of the oldest incident still
 * open at the last pull (or that pull's `until` when none was open), so an
 * incident resolved later is read again and updated.
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

  private async get<T>(
    path: string,
    signal: AbortSignal,
    logger: LoggerService,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.baseUrl}${path}`, {
        headers: {
          Accept: 'application/vnd.pagerduty+json;version=2',
          Authorization: `Token token=${this.token}`,
        },
        signal,
      });
      if (response.status === 429 && attempt < this.maxRetries) {
        const wait = retryDelayMs(response, attempt);
        logger.warn(
          `PagerDuty rate limit reached; retrying in ${Math.round(
            wait / 1000,
          )} s`,
        );
        await this.sleep(wait, signal);
        continue;
      }
      if (!response.ok) {
        throw new Error(
          `PagerDuty GET ${path.split('?')[0]} answered ${
            response.status
          }${await errorDetail(response)}`,
        );
      }
      return (await response.json()) as T;
    }
  }
}

/** How long to wait after a 429: the reset header when given, else 1, 2, 4 ... s. */
function retryDelayMs(response: Response, attempt: number): number {
  for (const header of ['ratelimit-reset', 'retry-after']) {
    const value = Number(response.headers.get(header));
    if (response.headers.has(header) && Number.isFinite(value) && value >= 0) {
      return Math.min(value, 300) * 1000;
    }
  }
  return Math.min(2 ** attempt, 60) * 1000;
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
