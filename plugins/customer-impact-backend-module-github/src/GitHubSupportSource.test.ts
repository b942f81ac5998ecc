import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  mockSupportPullRequest,
  pullAndValidate,
} from '@customer-impact/plugin-customer-impact-node/testUtils';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  GitHubSupportSource,
  GitHubSupportSourceOptions,
} from './GitHubSupportSource';

const API = 'https://api.github.com';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  jest.restoreAllMocks();
});
afterAll(() => server.close());

const NOW = new Date('2026-11-21T12:00:00Z');
const SINCE = new Date('2026-11-14T00:00:00Z');

function component(name: string, slug?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: slug ? { 'github.com/project-slug': slug } : {},
    },
    spec: { type: 'service', owner: 'group:platform', lifecycle: 'production' },
  };
}

/** An issue as GET /repos/{owner}/{repo}/issues returns it, trimmed of fields we do not read. */
function issue(number: number, fields: Record<string, unknown> = {}) {
  return {
    id: 1000 + number,
    node_id: `I_${number}`,
    url: `${API}/repos/acme/runner/issues/${number}`,
    html_url: `https://github.com/acme/runner/issues/${number}`,
    number,
    title: `Issue ${number}`,
    user: { login: 'ada', id: 1 },
    state: 'open',
    state_reason: null,
    locked: false,
    comments: 0,
    created_at: '2026-11-16T09:00:00Z',
    updated_at: '2026-11-16T09:00:00Z',
    closed_at: null,
    labels: [],
    ...fields,
  };
}

const label = (name: string) => ({
  id: name.length,
  name,
  color: 'ededed',
  default: false,
});

function request(
  entities = [
    component('legacy-build-runner', 'acme/runner'),
    component('no-repo'),
  ],
) {
  return mockSupportPullRequest({
    entities,
    since: SINCE,
    logger: mockServices.logger.mock(),
  });
}

/**
 * The source as the module builds it, from an `integrations.github` entry
 * holding `token`; octokit's server-error retries do not wait in tests.
 */
function githubSource(
  options: Omit<
    GitHubSupportSourceOptions,
    'integration' | 'credentialsProvider'
  > & { token: string },
) {
  const { token, ...rest } = options;
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: { github: [{ host: 'github.com', token }] },
    }),
  );
  return new GitHubSupportSource({
    integration: integrations.github.byHost('github.com')!.config,
    credentialsProvider:
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    serverErrorRetries: { retryAfterBaseValue: 0 },
    ...rest,
  });
}

describe('GitHubSupportSource', () => {
  it('reads the labelled issues page by page, skips pull requests, and maps labels to kinds, categories and teams', async () => {
    const asked: URL[] = [];
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, ({ request: req }) => {
        const url = new URL(req.url);
        asked.push(url);
        expect(req.headers.get('authorization')).toBe('Bearer gh-secret');
        expect(req.headers.get('accept')).toBe('application/vnd.github+json');
        const lbl = url.searchParams.get('labels');
        if (lbl === 'manual-exception') {
          return HttpResponse.json([
            issue(7, {
              title: 'Pin Node 14 for our build',
              labels: [
                label('manual-exception'),
                label('team:team-growth'),
                label('pinned-node-14'),
              ],
            }),
          ]);
        }
        if (lbl === 'support' && url.searchParams.get('page') !== '2') {
          return HttpResponse.json(
            [
              issue(3, {
                title: 'Cache keeps missing',
                state: 'closed',
                state_reason: 'completed',
                closed_at: '2026-11-17T10:00:00Z',
                labels: [
                  label('support'),
                  label('flaky-cache'),
                  label('team:team-search'),
                ],
              }),
              // a pull request carrying the label: not an issue
              issue(4, {
                labels: [label('support')],
                pull_request: { url: `${API}/repos/acme/runner/pulls/4` },
              }),
            ],
            {
              headers: {
                link: `<${API}/repositories/42/issues?state=all&labels=support&per_page=100&page=2>; rel="next", <${API}/repositories/42/issues?state=all&labels=support&per_page=100&page=2>; rel="last"`,
              },
            },
          );
        }
        return HttpResponse.json([]);
      }),
      http.get(`${API}/repositories/42/issues`, ({ request: req }) => {
        asked.push(new URL(req.url));
        return HttpResponse.json([
          issue(9, { title: 'Need access', labels: [label('support')] }),
          // also labelled manual-exception: read twice, kept once
          issue(7, {
            title: 'Pin Node 14 for our build',
            labels: [
              label('manual-exception'),
              label('team:team-growth'),
              label('pinned-node-14'),
              label('support'),
            ],
          }),
        ]);
      }),
    );
    const source = githubSource({
      token: 'gh-secret',
      now: () => NOW,
    });
    const result = await pullAndValidate(source, request());

    expect(
      asked.map(u => [
        u.pathname,
        u.searchParams.get('labels'),
        u.searchParams.get('page'),
      ]),
    ).toEqual([
      ['/repos/acme/runner/issues', 'manual-exception', null],
      ['/repos/acme/runner/issues', 'support', null],
      ['/repositories/42/issues', 'support', '2'],
    ]);
    expect(asked[0].searchParams.get('state')).toBe('all');
    expect(asked[0].searchParams.get('since')).toBe('2026-11-14T00:00:00.000Z');
    expect(asked[0].searchParams.get('per_page')).toBe('100');

    expect(result.events).toEqual([
      {
        source: 'github',
        externalId: 'acme/runner#3',
        entityRef: 'component:default/legacy-build-runner',
        kind: 'ticket',
        openedAt: '2026-11-16T09:00:00Z',
        resolvedAt: '2026-11-17T10:00:00Z',
        category: 'flaky-cache',
        consumerRef: 'group:default/team-search',
        title: 'Cache keeps missing',
        url: 'https://github.com/acme/runner/issues/3',
      },
      // the later copy (with the extra support label) replaced the first; still an exception
      expect.objectContaining({
        externalId: 'acme/runner#7',
        kind: 'manual-exception',
        category: 'pinned-node-14',
        consumerRef: 'group:default/team-growth',
      }),
      {
        source: 'github',
        externalId: 'acme/runner#9',
        entityRef: 'component:default/legacy-build-runner',
        kind: 'ticket',
        openedAt: '2026-11-16T09:00:00Z',
        title: 'Need access',
        url: 'https://github.com/acme/runner/issues/9',
      },
    ]);
    expect(result.cursor).toBe('2026-11-21T12:00:00.000Z');
  });

  it('waits until x-ratelimit-reset after a 403 with x-ratelimit-remaining: 0', async () => {
    // octokit's throttling plugin measures the wait on the system clock: set
    // it to NOW, still ticking (its scheduler needs time to pass)
    const realNow = Date.now.bind(Date);
    const offset = NOW.getTime() - realNow();
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
    let calls = 0;
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, () => {
        calls += 1;
        if (calls === 1) {
          return HttpResponse.json(
            {
              message: 'API rate limit exceeded for user ID 1.',
              documentation_url:
                'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            },
            {
              status: 403,
              headers: {
                'x-ratelimit-limit': '5000',
                'x-ratelimit-remaining': '0',
                'x-ratelimit-used': '5000',
                // 12:00:30 UTC: 30 s after NOW
                'x-ratelimit-reset': String(
                  Date.parse('2026-11-21T12:00:30Z') / 1000,
                ),
              },
            },
          );
        }
        return HttpResponse.json([]);
      }),
    );
    const sleep = jest.fn(async () => {});
    const source = githubSource({
      token: 't',
      sleep,
      now: () => NOW,
    });
    await source.pull(request());
    // 30 s to the reset, plus 1 s of margin
    expect(sleep).toHaveBeenCalledWith(31_000, expect.anything());
    // the first label's query was retried, then the second label's ran
    expect(calls).toBe(3);
  });

  it('honours retry-after on a 429 (secondary rate limit)', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(
              { message: 'You have exceeded a secondary rate limit.' },
              { status: 429, headers: { 'retry-after': '60' } },
            )
          : HttpResponse.json([]);
      }),
    );
    const sleep = jest.fn(async () => {});
    const source = githubSource({
      token: 't',
      sleep,
      now: () => NOW,
    });
    await source.pull(request());
    expect(sleep).toHaveBeenCalledWith(60_000, expect.anything());
  });

  it("fails on a 403 that is not a rate limit, and on a 404, with GitHub's message", async () => {
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, () =>
        HttpResponse.json(
          { message: 'Resource not accessible by integration' },
          { status: 403 },
        ),
      ),
    );
    const sleep = jest.fn(async () => {});
    const source = githubSource({
      token: 't',
      sleep,
      now: () => NOW,
    });
    await expect(source.pull(request())).rejects.toThrow(
      'GitHub GET /repos/acme/runner/issues answered 403: Resource not accessible by integration',
    );
    expect(sleep).not.toHaveBeenCalled();

    server.use(
      http.get(`${API}/repos/acme/runner/issues`, () =>
        HttpResponse.json(
          {
            message: 'Not Found',
            documentation_url:
              'https://docs.github.com/rest/issues/issues#list-repository-issues',
          },
          { status: 404 },
        ),
      ),
    );
    await expect(source.pull(request())).rejects.toThrow(
      'answered 404: Not Found',
    );
  });

  it('gives up after maxRetries rate-limited answers', async () => {
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, () =>
        HttpResponse.json(
          { message: 'You have exceeded a secondary rate limit.' },
          { status: 429 },
        ),
      ),
    );
    const sleep = jest.fn(async () => {});
    const source = githubSource({
      token: 't',
      sleep,
      maxRetries: 2,
      now: () => NOW,
    });
    await expect(source.pull(request())).rejects.toThrow('answered 429');
    // no header: one minute, then two
    expect(sleep.mock.calls.map(c => (c as unknown[])[0])).toEqual([
      60_000, 120_000,
    ]);
  });

  it('reads custom labels and asks nothing for entities without a repository', async () => {
    const labels: Array<string | null> = [];
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, ({ request: req }) => {
        labels.push(new URL(req.url).searchParams.get('labels'));
        return HttpResponse.json([]);
      }),
    );
    const source = githubSource({
      token: 't',
      ticketLabels: ['help wanted', 'bug'],
      manualExceptionLabel: 'exception',
      now: () => NOW,
    });
    await source.pull(request());
    expect(labels).toEqual(['exception', 'help wanted', 'bug']);
    expect(await source.pull(request([component('no-repo')]))).toEqual({
      events: [],
      cursor: '2026-11-21T12:00:00.000Z',
    });
  });

  it('retries a server error (octokit retry plugin), and gives up after its retries', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ message: 'Server Error' }, { status: 502 })
          : HttpResponse.json([]);
      }),
    );
    const source = githubSource({ token: 't', now: () => NOW });
    await expect(source.pull(request())).resolves.toEqual({
      events: [],
      cursor: '2026-11-21T12:00:00.000Z',
    });
    // the first label's query failed once and was retried, then the second ran
    expect(calls).toBe(3);

    calls = 0;
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, () => {
        calls += 1;
        return HttpResponse.json({ message: 'Server Error' }, { status: 502 });
      }),
    );
    const giving = githubSource({
      token: 't',
      now: () => NOW,
      serverErrorRetries: { retries: 2, retryAfterBaseValue: 0 },
    });
    await expect(giving.pull(request())).rejects.toThrow(
      'GitHub GET /repos/acme/runner/issues answered 502: Server Error',
    );
    expect(calls).toBe(3);
  });

  it('stops waiting for a rate limit when the pull is aborted', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/repos/acme/runner/issues`, () => {
        calls += 1;
        return HttpResponse.json(
          { message: 'You have exceeded a secondary rate limit.' },
          { status: 429, headers: { 'retry-after': '600' } },
        );
      }),
    );
    const controller = new AbortController();
    const source = githubSource({ token: 't', now: () => NOW });
    const pulling = source.pull({ ...request(), signal: controller.signal });
    await new Promise(resolve => setTimeout(resolve, 100));
    controller.abort();
    await expect(pulling).rejects.toThrow('GitHub pull aborted');
    expect(calls).toBe(1);
  });
});

describe('GitHubSupportSource.fromConfig', () => {
  const since = SINCE;

  it('reads the token of integrations.github and the options of customerImpact.sources.github', async () => {
    const seen: Array<[string, string | null]> = [];
    server.use(
      http.get(
        'https://ghe.acme.example/api/v3/repos/acme/runner/issues',
        ({ request: req }) => {
          seen.push([
            new URL(req.url).searchParams.get('labels')!,
            req.headers.get('authorization'),
          ]);
          return HttpResponse.json([]);
        },
      ),
    );
    const source = GitHubSupportSource.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'ghe.acme.example',
              apiBaseUrl: 'https://ghe.acme.example/api/v3',
              token: 'ghe-secret',
            },
          ],
        },
        customerImpact: {
          sources: {
            github: { host: 'ghe.acme.example', ticketLabels: ['help'] },
          },
        },
      }),
    );
    await source.pull(
      mockSupportPullRequest({
        entities: [component('runner', 'acme/runner')],
        since,
      }),
    );
    expect(seen).toEqual([
      ['manual-exception', 'Bearer ghe-secret'],
      ['help', 'Bearer ghe-secret'],
    ]);
  });

  it('refuses the old token and baseUrl keys, naming where they moved', () => {
    expect(() =>
      GitHubSupportSource.fromConfig(
        new ConfigReader({
          customerImpact: { sources: { github: { token: 'gh-secret' } } },
        }),
      ),
    ).toThrow(
      'customerImpact.sources.github.token is no longer read: move the token to integrations.github',
    );
    expect(() =>
      GitHubSupportSource.fromConfig(
        new ConfigReader({
          customerImpact: {
            sources: { github: { baseUrl: 'https://ghe.acme.example/api/v3' } },
          },
        }),
      ),
    ).toThrow(
      'customerImpact.sources.github.baseUrl is no longer read: set customerImpact.sources.github.host',
    );
  });

  it('refuses a host without integration, and warns when github.com has no credentials', () => {
    expect(() =>
      GitHubSupportSource.fromConfig(
        new ConfigReader({
          customerImpact: { sources: { github: { host: 'ghe.acme.example' } } },
        }),
      ),
    ).toThrow(
      'customerImpact.sources.github.host is ghe.acme.example, but integrations.github has no entry for that host',
    );
    const logger = mockServices.logger.mock();
    GitHubSupportSource.fromConfig(
      new ConfigReader({ customerImpact: { sources: { github: {} } } }),
      { logger },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'integrations.github has no token and no GitHub App for github.com: reading issues anonymously (public repositories only, 60 requests an hour)',
    );
  });
});
