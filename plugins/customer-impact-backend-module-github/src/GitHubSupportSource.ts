import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  PulledSupportEvent,
  SupportEventSource,
  SupportPullRequest,
  SupportPullResult,
} from '@customer-impact/plugin-customer-impact-node';

/** The annotation naming an entity's repository, `owner/repo`. */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** The fields of a GitHub issue (REST API) this source reads. */
interface GitHubIssue {
  id: number;
  number: number;
  title: string;
  html_url: string;
  state: 'open' | 'closed';
  created_at: string;
  closed_at: string | null;
  labels: Array<string | { name?: string }>;
  pull_request?: unknown;
}

/** Options of {@link GitHubSupportSource}. */
export interface GitHubSupportSourceOptions {
  token: string;
  baseUrl?: string;
  ticketLabels?: string[];
  manualExceptionLabel?: string;
  consumerLabelPrefix?: string;
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
      reject(new Error('GitHub pull aborted'));
    });
  });
}

/** The `rel="next"` URL of a `Link` header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?([^";]+)"?/);
    if (match && match[2].split(/\s+/).includes('next')) {
      return match[1];
    }
  }
  return undefined;
}

const labelName = (l: string | { name?: string }) =>
  (typeof l === 'string' ? l : l.name ?? '').trim();

/**
 * Pulls the issues of the repositories named by the `github.com/project-slug`
 * annotation: `GET /repos/{owner}/{repo}/issues?state=all&since=&labels=
 * &per_page=100`, one query per configured label (GitHub's `labels` filter
 * means "all of these"), following `Link: rel="next"`. Pull requests are
 * skipped. `since` filters on the last update, so an issue closed later is
 * read again and updated; the cursor is the start of this pull.
 */
export class GitHubSupportSource implements SupportEventSource {
  readonly id = 'github';
  private readonly token: string;
  private readonly baseUrl: string;
  private readonly ticketLabels: string[];
  private readonly exceptionLabel: string;
  private readonly consumerPrefix: string;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => Date;

  constructor(options: GitHubSupportSourceOptions) {
    this.token = options.token;
    this.baseUrl = (options.baseUrl ?? 'https://api.github.com').replace(
      /\/+$/,
      '',
    );
    this.ticketLabels = options.ticketLabels ?? ['support'];
    this.exceptionLabel = options.manualExceptionLabel ?? 'manual-exception';
    this.consumerPrefix = options.consumerLabelPrefix ?? 'team:';
    this.maxRetries = options.maxRetries ?? 5;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => new Date());
  }

  async pull(request: SupportPullRequest): Promise<SupportPullResult> {
    const startedAt = this.now();
    const events: PulledSupportEvent[] = [];
    for (const [slug, entityRefs] of reposOf(request.entities)) {
      const issues = new Map<number, GitHubIssue>();
      for (const label of [this.exceptionLabel, ...this.ticketLabels]) {
        const params = new URLSearchParams({
          state: 'all',
          since: request.since.toISOString(),
          labels: label,
          per_page: '100',
        });
        let url:
          | string
          | undefined = `${this.baseUrl}/repos/${slug}/issues?${params}`;
        while (url) {
          const response = await this.get(url, request);
          const page = (await response.json()) as GitHubIssue[];
          for (const issue of page) {
            if (!issue.pull_request) issues.set(issue.id, issue);
          }
          url = nextLink(response.headers.get('link'));
        }
      }
      for (const issue of [...issues.values()].sort(
        (a, b) => a.number - b.number,
      )) {
        for (const entityRef of entityRefs) {
          events.push(this.eventOf(slug, issue, entityRef));
        }
      }
    }
    return { events, cursor: startedAt.toISOString() };
  }

  private eventOf(
    slug: string,
    issue: GitHubIssue,
    entityRef: string,
  ): PulledSupportEvent {
    const labels = issue.labels.map(labelName).filter(Boolean);
    const own = new Set([this.exceptionLabel, ...this.ticketLabels]);
    const consumer = labels.find(l => l.startsWith(this.consumerPrefix));
    const category = labels.find(
      l => !own.has(l) && !l.startsWith(this.consumerPrefix),
    );
    const event: PulledSupportEvent = {
      source: 'github',
      externalId: `${slug}#${issue.number}`,
      entityRef,
      kind: labels.includes(this.exceptionLabel)
        ? 'manual-exception'
        : 'ticket',
      openedAt: issue.created_at,
      title: issue.title,
      url: issue.html_url,
    };
    if (issue.state === 'closed' && issue.closed_at) {
      event.resolvedAt = issue.closed_at;
    }
    if (category) event.category = category;
    if (consumer) {
      const name = consumer.slice(this.consumerPrefix.length).trim();
      if (name)
        event.consumerRef = name.includes(':') ? name : `group:default/${name}`;
    }
    return event;
  }

  private async get(
    url: string,
    request: SupportPullRequest,
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(url, {
        headers: {
          Accept: 'application/vnd.github+json',
          Authorization: `Bearer ${this.token}`,
          'X-GitHub-Api-Version': '2022-11-28',
        },
        signal: request.signal,
      });
      const limited =
        response.status === 429 ||
        (response.status === 403 &&
          (response.headers.get('x-ratelimit-remaining') === '0' ||
            response.headers.has('retry-after')));
      if (limited && attempt < this.maxRetries) {
        const wait = this.retryDelayMs(response, attempt);
        request.logger.warn(
          `GitHub rate limit reached; retrying in ${Math.round(wait / 1000)} s`,
        );
        await this.sleep(wait, request.signal);
        continue;
      }
      if (!response.ok) {
        let message = '';
        try {
          message =
            ((await response.json()) as { message?: string }).message ?? '';
        } catch {
          message = '';
        }
        throw new Error(
          `GitHub GET ${new URL(url).pathname} answered ${response.status}${
            message ? `: ${message}` : ''
          }`,
        );
      }
      return response;
    }
  }

  /**
   * GitHub's rules: `retry-after` seconds when given; else, with
   * `x-ratelimit-remaining: 0`, until `x-ratelimit-reset` (epoch seconds);
   * else at least a minute, doubling.
   */
  private retryDelayMs(response: Response, attempt: number): number {
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.headers.has('retry-after') && Number.isFinite(retryAfter)) {
      return Math.max(0, retryAfter) * 1000;
    }
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    if (
      response.headers.get('x-ratelimit-remaining') === '0' &&
      Number.isFinite(reset) &&
      reset > 0
    ) {
      return Math.max(0, reset * 1000 - this.now().getTime()) + 1000;
    }
    return Math.min(60 * 2 ** attempt, 900) * 1000;
  }
}

/** `owner/repo` → the refs of the entities annotated with it. */
function reposOf(entities: Entity[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entity of entities) {
    const slug =
      entity.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION]?.trim();
    if (!slug || !/^[\w.-]+\/[\w.-]+$/.test(slug)) continue;
    const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    map.set(slug, [...(map.get(slug) ?? []), ref]);
  }
  return map;
}
