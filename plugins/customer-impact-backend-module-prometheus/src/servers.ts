import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  SliDataSource,
  SliDataSourceCheck,
} from '@customer-impact/plugin-customer-impact-node';

/**
 * Where the operator lists the Prometheus servers the backend may query.
 *
 * @public
 */
export const PROMETHEUS_SERVERS_CONFIG_KEY =
  'customerImpact.prometheus.servers';

/**
 * A Prometheus server the operator configured: the only URLs this module
 * ever requests.
 *
 * @public
 */
export interface PrometheusServer {
  /** The name a DataSource uses (`connectionDetails.server`). */
  name: string;
  /** The base URL, with any path prefix; requests go to `<baseUrl>/api/v1/...`. */
  baseUrl: string;
  /** Sloth SLOs and SLOs that name no DataSource are pulled from the default server. */
  isDefault: boolean;
  /** Sent with every request (e.g. `Authorization`, `X-Scope-OrgID`). */
  headers: Record<string, string>;
}

/**
 * A URL in a form to compare: scheme and host lower-case, default port and
 * trailing slashes removed, userinfo, query and fragment dropped. Null when
 * it is not an http(s) URL.
 *
 * @public
 */
export function normalizePrometheusUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/**
 * Reads `customerImpact.prometheus.servers`. Throws (the backend does not
 * start) on a server without a name or an http(s) base URL, two servers of
 * one name or one URL, more than one default, or a bearer token given next
 * to an `Authorization` header.
 *
 * @public
 */
export function readPrometheusServers(
  config: RootConfigService | undefined,
): PrometheusServer[] {
  const entries = config?.getOptionalConfigArray(PROMETHEUS_SERVERS_CONFIG_KEY);
  const servers: PrometheusServer[] = [];
  for (const [i, entry] of (entries ?? []).entries()) {
    const where = `${PROMETHEUS_SERVERS_CONFIG_KEY}[${i}]`;
    const name = entry.getString('name').trim();
    const baseUrl = entry.getString('baseUrl');
    const normalized = normalizePrometheusUrl(baseUrl);
    if (!name) {
      throw new Error(`${where}.name must not be empty`);
    }
    if (!normalized) {
      throw new Error(
        `${where}.baseUrl must be an http(s) URL, got "${baseUrl}"`,
      );
    }
    if (servers.some(s => s.name === name)) {
      throw new Error(`${where}.name: another server is named "${name}"`);
    }
    if (servers.some(s => s.baseUrl === normalized)) {
      throw new Error(
        `${where}.baseUrl: another server has the URL ${normalized}`,
      );
    }
    const headers: Record<string, string> = {};
    const headerConfig = entry.getOptionalConfig('headers');
    for (const key of headerConfig?.keys() ?? []) {
      headers[key] = headerConfig!.getString(key);
    }
    const token = entry.getOptionalString('bearerToken');
    if (token !== undefined) {
      if (Object.keys(headers).some(h => h.toLowerCase() === 'authorization')) {
        throw new Error(
          `${where}: give bearerToken or an Authorization header, not both`,
        );
      }
      headers.Authorization = `Bearer ${token}`;
    }
    const isDefault = entry.getOptionalBoolean('default') ?? false;
    if (isDefault && servers.some(s => s.isDefault)) {
      throw new Error(`${where}.default: only one server can be the default`);
    }
    servers.push({ name, baseUrl: normalized, isDefault, headers });
  }
  return servers;
}

/**
 * The outcome of resolving a DataSource: its server, or why none.
 *
 * @public
 */
export type ServerResolution =
  | { ok: true; server: PrometheusServer }
  | { ok: false; field: string | null; message: string };

/**
 * Which configured server a DataSource means, decided without any request:
 *
 * 1. `connectionDetails.server` names a configured server;
 * 2. else `connectionDetails.url` must be the base URL of a configured
 *    server (compared without trailing slash, default port, userinfo);
 * 3. else a server named like the DataSource (`metadata.name`);
 * 4. else the default server.
 *
 * Anything else (an unknown name or URL, nothing configured) is refused:
 * the URL a catalog file names is never requested unless the operator
 * configured it (no server-side request forgery through catalog content).
 *
 * @public
 */
export function resolvePrometheusServer(
  servers: readonly PrometheusServer[],
  dataSource: SliDataSource,
): ServerResolution {
  const names = servers.map(s => `"${s.name}"`).join(', ');
  const configured = servers.length
    ? `configured: ${names}`
    : `none is configured in ${PROMETHEUS_SERVERS_CONFIG_KEY}`;
  const details = dataSource.connectionDetails ?? {};
  const server = details.server;
  if (server !== undefined) {
    const found =
      typeof server === 'string'
        ? servers.find(s => s.name === server.trim())
        : undefined;
    return found
      ? { ok: true, server: found }
      : {
          ok: false,
          field: 'spec.connectionDetails.server',
          message: `DataSource "${
            dataSource.name
          }": connectionDetails.server "${String(
            server,
          )}" is not a Prometheus server the backend knows (${configured}); nothing is queried. Write one of the configured names, or ask the operator to add the server`,
        };
  }
  const url = details.url;
  if (url !== undefined) {
    const normalized =
      typeof url === 'string' ? normalizePrometheusUrl(url) : null;
    const found = normalized
      ? servers.find(s => s.baseUrl === normalized)
      : undefined;
    return found
      ? { ok: true, server: found }
      : {
          ok: false,
          field: 'spec.connectionDetails.url',
          message: `DataSource "${
            dataSource.name
          }": connectionDetails.url ${JSON.stringify(
            url,
          )} is not the URL of a Prometheus server the operator configured (${configured}); the backend does not request it. Write connectionDetails.server: <name> with a configured server, or ask the operator to add this one to ${PROMETHEUS_SERVERS_CONFIG_KEY}`,
        };
  }
  if (!dataSource.implicit) {
    const named = servers.find(s => s.name === dataSource.name);
    if (named) {
      return { ok: true, server: named };
    }
  }
  const fallback = servers.find(s => s.isDefault);
  if (fallback) {
    return { ok: true, server: fallback };
  }
  return {
    ok: false,
    field: dataSource.implicit ? null : 'spec.connectionDetails.server',
    message: dataSource.implicit
      ? `the SLO names no Prometheus DataSource and no Prometheus server is the default (${configured}); nothing is pulled. Add a DataSource with connectionDetails.server: <name> and metricSourceRef it, or ask the operator to set default: true on one server`
      : `DataSource "${dataSource.name}" names no Prometheus server (${configured}) and none is the default; nothing is queried. Write connectionDetails.server: <name> with a configured server`,
  };
}

/** `resolvePrometheusServer` in the shape of `SliSource.checkDataSource`. */
export function checkPrometheusDataSource(
  servers: readonly PrometheusServer[],
  dataSource: SliDataSource,
): SliDataSourceCheck {
  const resolved = resolvePrometheusServer(servers, dataSource);
  return resolved.ok
    ? {
        ok: true,
        description: `Prometheus server "${resolved.server.name}" (${resolved.server.baseUrl})`,
      }
    : resolved;
}
