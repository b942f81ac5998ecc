import { setTimeout as delay } from 'node:timers/promises';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  GithubIntegrationConfig,
  ScmIntegrations,
} from '@backstage/integration';
import {
  PulledSupportEvent,
  SupportEventSource,
  SupportPullRequest,
  SupportPullResult,
} from '@customer-impact/plugin-customer-impact-node';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

/**
 * The annotation naming an entity's repository, `owner/repo`.
 *
 * @public
 */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** The config block of this source. */
export const GITHUB_SOURCE_CONFIG_KEY = 'customerImpact.sources.github';

/** The fields of a GitHub issue (REST API) this source reads. */
interface GitHubIssue {
  id: number;
  number: number;
  title: string;
  html_url: string;
  state: string;
  created_at: string;
  closed_at: string | null;
  labels: Array<string | { name?: string }>;
  pull_request?: unknown;
}

const GitHubOctokit = Octokit.plugin(retry, throttling);

/** Statuses octokit's retry plugin leaves alone: client errors, and rate limits (the throttling plugin's). */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/** The longest wait for a secondary rate limit, as GitHub's docs suggest doubling from a minute. */
const MAX_SECONDARY_WAIT_SECONDS = 15 * 60;

/** Numbers the sources of this process, for their own throttling limiter. */
let sourceCount = 0;

/**
 * Options of {@link GitHubSupportSource}.
 *
 * @public
 */
export interface GitHubSupportSourceOptions {
  /** The `integrations.github` entry of the host the repositories are on. */
  integration: GithubIntegrationConfig;
  /** Gives the credentials per repository: a token, or a GitHub App installation's token. */
  credentialsProvider: GithubCredentialsProvider;
  /** Labels that make an issue a ticket. Default `['support']`. */
  ticketLabels?: string[];
  /** The label that makes an issue a manual exception. Default `manual-exception`. */
  manualExceptionLabel?: string;
  /** Labels starting with this name the consuming team. Default `team:`. */
  consumerLabelPrefix?: string;
  /** How many times a rate-limited request is retried. Default 5. */
  maxRetries?: number;
  /**
   * Octokit's retry of server errors (5xx) and network failures: how many
   * times (default 3) and the base delay in ms (default 1000; the n-th retry
   * waits n² × base). Tests set the base to 0.
   */
  serverErrorRetries?: { retries?: number; retryAfterBaseValue?: number };
  /**
   * For tests: how to wait before a rate-limited retry. Default: an abortable
   * timer, so that a pull stopped by its task's timeout stops waiting.
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** For tests: the clock. */
  now?: () => Date;
}

const labelName = (l: string | { name?: string }) =>
  (typeof l === 'string' ? l : l.name ?? '').trim();

/** An error of octokit's request (a `RequestError`, named `HttpError`). */
interface OctokitRequestError {
  status: number;
  request: { method?: string; url: string };
  response?: { data?: unknown };
}

function isRequestError(e: unknown): e is OctokitRequestError {
  const candidate = e as Partial<OctokitRequestError> | undefined;
  return (
    typeof candidate?.status === 'number' &&
    typeof candidate.request?.url === 'string'
  );
}

/**
 * Pulls the issues of the repositories named by the `github.com/project-slug`
 * annotation: `GET /repos/\{owner\}/\{repo\}/issues` with `state=all`, `since`,
 * `labels` and `per_page=100`, one query per configured label (GitHub's
 * `labels` filter means "all of these"), every page (octokit's `paginate`
 * follows `Link: rel="next"`). Pull requests are skipped. `since` filters on
 * the last update, so an issue closed later is read again and updated; the
 * cursor is the start of this pull.
 *
 * Credentials come from `integrations.github` (a token or a GitHub App),
 * through `@backstage/integration`. Rate limits are handled by octokit's
 * throttling plugin (GitHub's rules: `retry-after`, or until
 * `x-ratelimit-reset`; a secondary limit without `retry-after` waits a
 * minute, doubling), server errors by its retry plugin.
 *
 * @public
 */
export class GitHubSupportSource implements SupportEventSource {
  readonly id = 'github';
  private readonly host: string;
  private readonly apiBaseUrl: string;
  private readonly credentialsProvider: GithubCredentialsProvider;
  private readonly ticketLabels: string[];
  private readonly exceptionLabel: string;
  private readonly consumerPrefix: string;
  private readonly maxRetries: number;
  private readonly serverErrorRetries: {
    retries?: number;
    retryAfterBaseValue?: number;
  };
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => Date;
  /** This source's key in octokit's throttling limiters: its pulls queue behind each other, not behind other plugins' calls. */
  private readonly throttleId = `customer-impact-github-${++sourceCount}`;

  /**
   * Reads `customerImpact.sources.github` (labels, `host`, `maxRetries`) and
   * the credentials of that host from `integrations.github`. Refuses the
   * keys this module no longer reads (`token`, `baseUrl`), naming where
   * they moved.
   */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): GitHubSupportSource {
    const block = config.getOptionalConfig(GITHUB_SOURCE_CONFIG_KEY);
    if (block?.has('token')) {
      throw new Error(
        `${GITHUB_SOURCE_CONFIG_KEY}.token is no longer read: move the token to integrations.github ` +
          `(an entry with "host: github.com" and "token: ..."), where every Backstage GitHub plugin reads it, ` +
          `and remove ${GITHUB_SOURCE_CONFIG_KEY}.token`,
      );
    }
    if (block?.has('baseUrl')) {
      throw new Error(
        `${GITHUB_SOURCE_CONFIG_KEY}.baseUrl is no longer read: set ${GITHUB_SOURCE_CONFIG_KEY}.host ` +
          `to the GitHub host (default github.com) and give that host's API address as ` +
          `integrations.github[].apiBaseUrl`,
      );
    }
    const host = block?.getOptionalString('host') ?? 'github.com';
    const integrations = ScmIntegrations.fromConfig(config);
    const integration = integrations.github.byHost(host);
    if (!integration) {
      throw new Error(
        `${GITHUB_SOURCE_CONFIG_KEY}.host is ${host}, but integrations.github has no entry for that host`,
      );
    }
    if (!integration.config.token && !integration.config.apps?.length) {
      options.logger?.warn(
        `integrations.github has no token and no GitHub App for ${host}: reading issues anonymously ` +
          `(public repositories only, 60 requests an hour)`,
      );
    }
    return new GitHubSupportSource({
      integration: integration.config,
      credentialsProvider:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      ticketLabels: block?.getOptionalStringArray('ticketLabels'),
      manualExceptionLabel: block?.getOptionalString('manualExceptionLabel'),
      consumerLabelPrefix: block?.getOptionalString('consumerLabelPrefix'),
      maxRetries: block?.getOptionalNumber('maxRetries'),
    });
  }

  constructor(options: GitHubSupportSourceOptions) {
    this.host = options.integration.host;
    this.apiBaseUrl = (
      options.integration.apiBaseUrl ??
      (this.host === 'github.com'
        ? 'https://api.github.com'
        : `https://${this.host}/api/v3`)
    ).replace(/\/+$/, '');
    this.credentialsProvider = options.credentialsProvider;
    this.ticketLabels = options.ticketLabels ?? ['support'];
    this.exceptionLabel = options.manualExceptionLabel ?? 'manual-exception';
    this.consumerPrefix = options.consumerLabelPrefix ?? 'team:';
    this.maxRetries = options.maxRetries ?? 5;
    this.serverErrorRetries = options.serverErrorRetries ?? {};
    this.sleep =
      options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.now = options.now ?? (() => new Date());
  }

  async pull(request: SupportPullRequest): Promise<SupportPullResult> {
    const startedAt = this.now();
    const octokit = this.octokit(request);
    const events: PulledSupportEvent[] = [];
    for (const [slug, entityRefs] of reposOf(request.entities)) {
      const [owner, repo] = slug.split('/');
      const { headers } = await this.credentialsProvider.getCredentials({
        url: `https://${this.host}/${slug}`,
      });
      const issues = new Map<number, GitHubIssue>();
      for (const label of [this.exceptionLabel, ...this.ticketLabels]) {
        let page: GitHubIssue[];
        try {
          page = await octokit.paginate(octokit.rest.issues.listForRepo, {
            owner,
            repo,
            state: 'all',
            since: request.since.toISOString(),
            labels: label,
            per_page: 100,
            headers: {
              accept: 'application/vnd.github+json',
              'x-github-api-version': '2022-11-28',
              ...headers,
            },
            request: { signal: request.signal },
          });
        } catch (e) {
          throw this.describe(e, request.signal);
        }
        for (const issue of page) {
          if (!issue.pull_request) issues.set(issue.id, issue);
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

  /** One client per pull: its rate-limit waits listen to this pull's signal and log to its logger. */
  private octokit(request: SupportPullRequest) {
    const { logger, signal } = request;
    const waitAndRetry = async (
      kind: string,
      seconds: number,
      retryCount: number,
    ): Promise<boolean> => {
      if (retryCount >= this.maxRetries || signal.aborted) return false;
      logger.warn(`GitHub ${kind} reached; retrying in ${seconds} s`);
      try {
        await this.sleep(seconds * 1000, signal);
        return true;
      } catch {
        return false; // aborted while waiting
      }
    };
    return new GitHubOctokit({
      baseUrl: this.apiBaseUrl,
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => logger.warn(message),
        error: (message: string) => logger.error(message),
      },
      retry: { doNotRetry: DO_NOT_RETRY, ...this.serverErrorRetries },
      throttle: {
        // The plugin decides whether an answer is a rate limit and for how
        // long; the handlers wait (abortably) and octokit then retries at once.
        retryAfterBaseValue: 0,
        id: this.throttleId,
        onRateLimit: (retryAfter: number, _options, _octokit, retryCount) =>
          waitAndRetry('rate limit', retryAfter, retryCount),
        onSecondaryRateLimit: (
          retryAfter: number,
          _options,
          _octokit,
          retryCount,
        ) =>
          // retry-after when given (never less), else a minute, doubling
          waitAndRetry(
            'secondary rate limit',
            Math.max(
              retryAfter,
              Math.min(60 * 2 ** retryCount, MAX_SECONDARY_WAIT_SECONDS),
            ),
            retryCount,
          ),
      },
    });
  }

  /** Octokit's error as `GitHub GET <path> answered <status>: <GitHub's message>`. */
  private describe(e: unknown, signal: AbortSignal): Error {
    if (signal.aborted) {
      return new Error('GitHub pull aborted');
    }
    if (!isRequestError(e) || !e.response) {
      return e instanceof Error ? e : new Error(String(e));
    }
    const data = e.response.data as { message?: unknown } | undefined;
    const message = typeof data?.message === 'string' ? data.message : '';
    return new Error(
      `GitHub ${e.request.method ?? 'GET'} ${
        new URL(e.request.url).pathname
      } answered ${e.status}${message ? `: ${message}` : ''}`,
    );
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
