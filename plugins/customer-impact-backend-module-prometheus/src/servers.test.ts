import { mockServices } from '@backstage/backend-test-utils';
import {
  normalizePrometheusUrl,
  readPrometheusServers,
  resolvePrometheusServer,
} from './servers';

const config = (servers: any[]) =>
  mockServices.rootConfig({
    data: { customerImpact: { prometheus: { servers } } },
  });

describe('readPrometheusServers', () => {
  it('reads names, base URLs, the default, headers and the bearer token', () => {
    expect(
      readPrometheusServers(
        config([
          {
            name: 'main',
            baseUrl: 'HTTP://Prometheus.Monitoring:80/',
            default: true,
            bearerToken: 't0ken',
          },
          {
            name: 'mimir',
            baseUrl: 'https://mimir.example.com/prometheus',
            headers: { 'X-Scope-OrgID': 'shop' },
          },
        ]),
      ),
    ).toEqual([
      {
        name: 'main',
        baseUrl: 'http://prometheus.monitoring',
        isDefault: true,
        headers: { Authorization: 'Bearer t0ken' },
      },
      {
        name: 'mimir',
        baseUrl: 'https://mimir.example.com/prometheus',
        isDefault: false,
        headers: { 'X-Scope-OrgID': 'shop' },
      },
    ]);
    expect(readPrometheusServers(mockServices.rootConfig())).toEqual([]);
  });

  it('refuses a configuration that could not be used as written', () => {
    expect(() =>
      readPrometheusServers(config([{ name: 'a', baseUrl: 'file:///etc' }])),
    ).toThrow(
      'customerImpact.prometheus.servers[0].baseUrl must be an http(s) URL',
    );
    expect(() =>
      readPrometheusServers(
        config([
          { name: 'a', baseUrl: 'http://a' },
          { name: 'a', baseUrl: 'http://b' },
        ]),
      ),
    ).toThrow('servers[1].name: another server is named "a"');
    expect(() =>
      readPrometheusServers(
        config([
          { name: 'a', baseUrl: 'http://a', default: true },
          { name: 'b', baseUrl: 'http://b', default: true },
        ]),
      ),
    ).toThrow('only one server can be the default');
    expect(() =>
      readPrometheusServers(
        config([
          {
            name: 'a',
            baseUrl: 'http://a',
            bearerToken: 'x',
            headers: { authorization: 'Basic y' },
          },
        ]),
      ),
    ).toThrow('give bearerToken or an Authorization header, not both');
  });
});

describe('resolvePrometheusServer', () => {
  const main = {
    name: 'main',
    baseUrl: 'http://prometheus.monitoring:9090',
    isDefault: false,
    headers: {},
  };
  const eu = {
    name: 'eu',
    baseUrl: 'https://eu.example.com/prom',
    isDefault: true,
    headers: {},
  };
  const servers = [main, eu];
  const ds = (
    connectionDetails: Record<string, unknown>,
    name = 'metrics',
  ) => ({
    name,
    type: 'Prometheus',
    connectionDetails,
  });

  it('takes the server a DataSource names, or whose URL it writes', () => {
    expect(resolvePrometheusServer(servers, ds({ server: 'main' }))).toEqual({
      ok: true,
      server: main,
    });
    for (const url of [
      'http://prometheus.monitoring:9090',
      'http://PROMETHEUS.monitoring:9090/',
      'http://user:pw@prometheus.monitoring:9090',
    ]) {
      expect(resolvePrometheusServer(servers, ds({ url }))).toEqual({
        ok: true,
        server: main,
      });
    }
    expect(
      resolvePrometheusServer(
        servers,
        ds({ url: 'https://eu.example.com:443/prom/' }),
      ),
    ).toEqual({ ok: true, server: eu });
  });

  it('takes a server named like the DataSource, else the default', () => {
    expect(resolvePrometheusServer(servers, ds({}, 'main'))).toEqual({
      ok: true,
      server: main,
    });
    expect(resolvePrometheusServer(servers, ds({}, 'other'))).toEqual({
      ok: true,
      server: eu,
    });
    // An SLO without a DataSource (Sloth): the default, never a name match.
    expect(
      resolvePrometheusServer(servers, {
        name: 'main',
        type: 'Prometheus',
        connectionDetails: {},
        implicit: true,
      }),
    ).toEqual({ ok: true, server: eu });
  });

  it('refuses another URL, another path on a known host, or an unknown name, naming the field', () => {
    expect(
      resolvePrometheusServer(
        servers,
        ds({ url: 'http://169.254.169.254/latest' }),
      ),
    ).toEqual({
      ok: false,
      field: 'spec.connectionDetails.url',
      message: expect.stringContaining('(configured: "main", "eu")'),
    });
    expect(
      resolvePrometheusServer(
        servers,
        ds({ url: 'http://prometheus.monitoring:9090/admin' }),
      ).ok,
    ).toBe(false);
    expect(resolvePrometheusServer(servers, ds({ url: 42 })).ok).toBe(false);
    expect(resolvePrometheusServer(servers, ds({ server: 'us' }))).toEqual({
      ok: false,
      field: 'spec.connectionDetails.server',
      message: expect.stringContaining('"us" is not a Prometheus server'),
    });
    // A URL never falls back to the default.
    expect(
      resolvePrometheusServer([eu], ds({ url: 'http://elsewhere' })).ok,
    ).toBe(false);
  });

  it('refuses a DataSource-less SLO when no server is the default', () => {
    expect(
      resolvePrometheusServer([main], {
        name: 'Prometheus',
        type: 'Prometheus',
        connectionDetails: {},
        implicit: true,
      }),
    ).toEqual({
      ok: false,
      field: null,
      message: expect.stringContaining('no Prometheus server is the default'),
    });
  });

  it('normalises URLs for comparison only', () => {
    expect(normalizePrometheusUrl('HTTPS://Host:443/a//')).toBe(
      'https://host/a',
    );
    expect(normalizePrometheusUrl('ftp://host')).toBeNull();
    expect(normalizePrometheusUrl('not a url')).toBeNull();
  });
});
