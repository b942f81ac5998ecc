/*
 * Scale benchmark of the reads (prints figures, asserts nothing):
 *  - the entity summary (every facet, as the route computes it) of a busy
 *    component with support events and SLOs, and of a deprecated API with
 *    100 dependents;
 *  - the group rollup of the root of a 3-level tree owning 10,000 entities;
 *  - the internal-customers ranking (support router) of a group owning
 *    1,000 entities directly, and of the root of the tree (10,000), both
 *    the way it was computed before (a walk of the catalog, every entity
 *    read and authorized) and now (the rollups' ownership, built by a whole
 *    rollup pass first, and one conditional decision per permission);
 * over 10,000 entities and 100,000 support events seeded into the stores
 * directly, on an on-disk SQLite file and on PostgreSQL, in process (the
 * catalog is an in-memory stand-in: its own cost is not measured here).
 *
 * Run from plugins/customer-impact-backend:
 *   yarn bench:scale
 * PostgreSQL: BENCH_POSTGRES_CONNECTION_STRING (default
 * postgresql://postgres@127.0.0.1:5432); a scratch database is created and
 * dropped. BENCH_SKIP_POSTGRES=1: SQLite only; BENCH_SKIP_SQLITE=1: PostgreSQL
 * only. BENCH_ITERATIONS (default 100). BENCH_KEEP=1: the SQLite file and the
 * PostgreSQL database are kept (their names are printed) to look into.
 */
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { promises as fs } from 'fs';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { createDeprecationFacet } from '../src/deprecation/DeprecationFacet';
import { CustomerImpactFacet } from '../src/facets';
import { createJourneysFacet } from '../src/journey/JourneysFacet';
import { PainIndexService, readPainIndexConfig } from '../src/pain';
import {
  DatabaseRollupStore,
  RollupBuilder,
  createRollups,
} from '../src/rollup';
import { readableEntities } from '../src/service/access';
import { ownedEntityRefsForCaller } from '../src/support/ownership';
import { EntitySummaryService } from '../src/service/EntitySummaryService';
import { createSloFacet } from '../src/slo/SloFacet';
import { createSupportFacet } from '../src/support/SupportFacet';
import { SupportService } from '../src/support/SupportService';
import { DatabaseSupportStore } from '../src/support/SupportStore';
import { pushedSlosYaml, random, silentLogger } from './fixtures';

const DEPARTMENTS = 10;
const TEAMS_PER_DEPARTMENT = 10;
const ENTITIES_PER_TEAM = 100; // 10 × 10 × 100 = 10,000 entities
/** dept-0 owns its department's 1,000 entities directly (no teams). */
const FLAT_DEPARTMENT = 0;
/** The team that owns the deprecated API (both ways: ownedBy and ownerOf). */
const LEGACY_API_OWNER = 'team-1-1';
const CUSTOMERS = 20;
const EVENTS = 100_000;
const DEPENDENTS = 100;
const WEEKS = 26;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const WARMUP = 10;
const NOW = Date.now();
const WEEK_MS = 7 * 86_400_000;
const FIVE_MIN = 300_000;

const credentials: any = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
};

// ------------------------------------------------------------------ catalog

function organisation(dir: string) {
  const entities: Entity[] = [];
  const group = (
    name: string,
    children: string[],
    owns: string[],
    parent?: string,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
    relations: [
      ...children.map(c => ({
        type: 'parentOf',
        targetRef: `group:default/${c}`,
      })),
      ...(parent
        ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
        : []),
      ...owns.map(r => ({ type: 'ownerOf', targetRef: r })),
    ],
  });
  const all: string[] = [];
  const departments: string[] = [];
  for (let d = 0; d < DEPARTMENTS; d++) {
    const teams: string[] = [];
    const flatOwned: string[] = [];
    for (let t = 0; t < TEAMS_PER_DEPARTMENT; t++) {
      const flat = d === FLAT_DEPARTMENT;
      const team = flat ? `dept-${d}` : `team-${d}-${t}`;
      const owned: string[] = flat ? flatOwned : [];
      for (let i = 0; i < ENTITIES_PER_TEAM; i++) {
        const name = `svc-${d}-${t}-${i}`;
        const ref = `component:default/${name}`;
        owned.push(ref);
        all.push(ref);
        const first = d === 0 && t === 0 && i === 0;
        entities.push({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name,
            namespace: 'default',
            ...(first
              ? {
                  annotations: {
                    'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
                    'customer-impact/openslo': './slos.yaml',
                  },
                }
              : {}),
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: `group:${team}`,
          },
          relations: [
            { type: 'ownedBy', targetRef: `group:default/${team}` },
            ...(i < DEPENDENTS && d === 1 && t === 0
              ? [{ type: 'consumesApi', targetRef: 'api:default/legacy-api' }]
              : []),
          ],
        });
      }
      if (team === LEGACY_API_OWNER) {
        owned.push('api:default/legacy-api');
      }
      if (!flat) {
        teams.push(team);
        entities.push(group(team, [], owned, `dept-${d}`));
      }
    }
    departments.push(`dept-${d}`);
    entities.push(group(`dept-${d}`, teams, flatOwned, 'acme'));
  }
  entities.push(group('acme', departments, []));
  for (let c = 0; c < CUSTOMERS; c++) {
    entities.push(group(`customer-${c}`, [], []));
  }
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: 'legacy-api',
      namespace: 'default',
      annotations: { 'customer-impact/sunset': '2027-06-30' },
    },
    spec: {
      type: 'openapi',
      lifecycle: 'deprecated',
      owner: `group:${LEGACY_API_OWNER}`,
      definition: '{}',
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${LEGACY_API_OWNER}` },
      ...Array.from({ length: DEPENDENTS }, (_, i) => ({
        type: 'apiConsumedBy',
        targetRef: `component:default/svc-1-0-${i}`,
      })),
    ],
  });
  return { entities, all };
}

/** The catalog as a map in memory (its own latency is not measured). */
function catalogOf(entities: Entity[]): any {
  const byRef = new Map(
    entities.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
  );
  const get = (ref: any) =>
    byRef.get(
      (typeof ref === 'string'
        ? stringifyEntityRef(parseEntityRef(ref))
        : stringifyEntityRef(ref)
      ).toLocaleLowerCase('en-US'),
    );
  return {
    async getEntityByRef(ref: any) {
      return get(ref);
    },
    async getEntitiesByRefs(request: { entityRefs: string[] }) {
      return { items: request.entityRefs.map(get) };
    },
    async getEntities() {
      return { items: entities };
    },
    // The filters the rollup builder uses: kind, and the owners.
    async queryEntities(request: { filter?: Record<string, unknown> }) {
      const kinds = [request.filter?.kind ?? []]
        .flat()
        .map(k => String(k).toLocaleLowerCase('en-US'));
      const owners = [request.filter?.['relations.ownedBy'] ?? []]
        .flat()
        .map(String);
      const items = entities.filter(
        e =>
          (kinds.length === 0 ||
            kinds.includes(e.kind.toLocaleLowerCase('en-US'))) &&
          (owners.length === 0 ||
            (e.relations ?? []).some(
              r => r.type === 'ownedBy' && owners.includes(r.targetRef),
            )),
      );
      return { items, totalItems: items.length, pageInfo: {} };
    },
  };
}

const permissions: any = {
  async authorize(requests: unknown[]) {
    return requests.map(() => ({ result: 'ALLOW' }));
  },
  async authorizeConditional(requests: unknown[]) {
    return requests.map(() => ({ result: 'ALLOW' }));
  },
};

/** A policy whose catalog read is conditional (e.g. isEntityOwner). */
const conditionalPermissions: any = {
  ...permissions,
  async authorizeConditional(requests: Array<{ permission: any }>) {
    return requests.map(r =>
      r.permission.name === 'catalog.entity.read'
        ? {
            result: 'CONDITIONAL',
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {},
          }
        : { result: 'ALLOW' },
    );
  },
};

// ------------------------------------------------------------------ seeding

async function seed(knex: Knex, all: string[]) {
  const rand = random(42);
  const kinds = [
    'ticket',
    'ticket',
    'ticket',
    'page',
    'escalation',
    'manual-exception',
  ];
  const rows = [];
  const busy = 'component:default/svc-0-0-0';
  for (let i = 0; i < EVENTS; i++) {
    // 1 % of the events on the busy component, the rest spread.
    const entityRef =
      i % 100 === 0 ? busy : all[Math.floor(rand() * all.length)];
    const opened = NOW - 60_000 - Math.floor(rand() * WEEKS * WEEK_MS);
    rows.push({
      source: 'bench',
      external_id: `e-${i}`,
      entity_ref: entityRef,
      consumer_ref: `group:default/customer-${Math.floor(rand() * CUSTOMERS)}`,
      kind: kinds[i % kinds.length],
      opened_at: new Date(opened),
      resolved_at: i % 3 === 0 ? null : new Date(opened + 3_600_000),
      category: `category-${i % 13}`,
      severity: null,
      title: `Event ${i}`,
      url: null,
      received_at: new Date(NOW),
      updated_at: new Date(NOW),
    });
  }
  await knex.transaction(async tx => {
    for (let i = 0; i < rows.length; i += 50) {
      await tx('support_events').insert(rows.slice(i, i + 50));
    }
  });

  // The rollups as the builder leaves them: one row per entity, three
  // consuming teams each, twelve weeks, and the closure of the group tree.
  const entityRows = [];
  const consumerRows = [];
  const weekly = [];
  // The rollup's ISO weeks (Monday 00:00 UTC), as the builder records them.
  const week0 = RollupBuilder.firstTrendWeek(new Date(NOW));
  for (const ref of all) {
    const [, d, t] = /svc-(\d+)-(\d+)-/.exec(ref)!;
    const value = Math.round(rand() * 1000) / 10;
    entityRows.push({
      entity_ref: ref,
      kind: 'component',
      owner_ref:
        Number(d) === FLAT_DEPARTMENT
          ? `group:default/dept-${d}`
          : `group:default/team-${d}-${t}`,
      value: rand() < 0.1 ? null : value,
      terms: JSON.stringify([]),
      no_data: JSON.stringify([]),
      window_from: NOW - 4 * WEEK_MS,
      window_to: NOW,
      deprecated: false,
      sunset: null,
      dependents_left: null,
      computed_at: NOW,
    });
    for (let c = 0; c < 3; c++) {
      consumerRows.push({
        entity_ref: ref,
        consumer_ref: `group:default/customer-${
          (c * 7 + all.length) % CUSTOMERS
        }-${Math.floor(rand() * 3)}`,
        points: Math.round(rand() * 100) / 10,
        quantities: JSON.stringify([
          {
            id: 'tickets-per-week',
            label: 'tickets a week',
            quantity: 1,
            unit: 'per-week',
          },
        ]),
        categories: JSON.stringify([{ category: 'access', count: 2 }]),
      });
    }
    for (let w = 0; w < 12; w++) {
      weekly.push({
        entity_ref: ref,
        week_start: week0 + w * WEEK_MS,
        value,
        dependents_left: null,
        computed_at: NOW,
      });
    }
  }
  const tree = [];
  const pair = (a: string, b: string, depth: number) =>
    tree.push({
      ancestor_ref: `group:default/${a}`,
      descendant_ref: `group:default/${b}`,
      depth,
    });
  pair('acme', 'acme', 0);
  for (let d = 0; d < DEPARTMENTS; d++) {
    pair('acme', `dept-${d}`, 1);
    pair(`dept-${d}`, `dept-${d}`, 0);
    for (let t = 0; d !== FLAT_DEPARTMENT && t < TEAMS_PER_DEPARTMENT; t++) {
      pair('acme', `team-${d}-${t}`, 2);
      pair(`dept-${d}`, `team-${d}-${t}`, 1);
      pair(`team-${d}-${t}`, `team-${d}-${t}`, 0);
    }
  }
  await knex.transaction(async tx => {
    for (const [table, list] of [
      ['rollup_entity_pain', entityRows],
      ['rollup_consumer_pain', consumerRows],
      ['rollup_entity_pain_weekly', weekly],
      ['rollup_group_tree', tree],
    ] as const) {
      for (let i = 0; i < list.length; i += 50) {
        await tx(table).insert((list as any[]).slice(i, i + 50));
      }
    }
  });
}

// ---------------------------------------------------------------- measuring

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function time(
  name: string,
  label: string,
  fn: () => Promise<unknown>,
  /** Run before each call, untimed (its holds count in the event loop's). */
  before?: (i: number) => Promise<unknown>,
) {
  for (let i = 0; i < WARMUP; i++) {
    await before?.(-1 - i);
    await fn();
  }
  const times: number[] = [];
  // The longest the event loop was held meanwhile (2 ms resolution; a pause
  // of 3 ms before each request lets its timer fire).
  const loop = monitorEventLoopDelay({ resolution: 2 });
  loop.enable();
  for (let i = 0; i < ITERATIONS; i++) {
    await before?.(i);
    // Each request a turn of its own, as requests arriving on sockets are:
    // where a series never waits for I/O (SQLite's driver is synchronous,
    // the catalog here in memory) its requests would otherwise run as one
    // hold, which the monitor's timer cannot see until the series ends.
    await new Promise(resolve => setTimeout(resolve, 3));
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  loop.disable();
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(10)} ${label.padEnd(62)} p50 ${percentile(times, 50)
      .toFixed(1)
      .padStart(7)} ms  p95 ${percentile(times, 95)
      .toFixed(1)
      .padStart(7)} ms  max ${times[times.length - 1]
      .toFixed(1)
      .padStart(7)} ms  event loop max ${(loop.max / 1e6).toFixed(1)} ms`,
  );
}

async function benchOne(name: string, knex: Knex, dir: string) {
  const { entities, all } = organisation(dir);
  const catalog = catalogOf(entities);
  const database: any = {
    getClient: async () => knex,
    migrations: { skip: false },
  };
  const config = new ConfigReader({
    customerImpact: {
      journeys: { subjectHashSecret: 'a-bench-secret-of-enough-length' },
    },
  });
  const auth: any = {
    async getOwnServiceCredentials() {
      return {
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'service', subject: 'bench' },
      };
    },
  };
  const deps = {
    config,
    logger: silentLogger,
    auth,
    httpAuth: {} as any,
    permissions,
    catalog,
    database,
  };
  const notifications: any = { async send() {} };
  const t0 = Date.now();
  const supportStore = await DatabaseSupportStore.create({ database });
  await seed(knex, all);
  const journeys = await createJourneysFacet({
    ...deps,
    supportEvents: supportStore,
  });
  const slo = await createSloFacet({
    ...deps,
    urlReader: {} as any,
    notifications,
    sliSources: new Map(),
  });
  const support = await createSupportFacet({ ...deps, store: supportStore });
  const facets: CustomerImpactFacet[] = [
    await createDeprecationFacet({ ...deps, notifications }),
    slo,
    journeys,
    support,
  ];
  // 30 days of 5-minute buckets for the busy component's two SLOs.
  const start = Math.floor(NOW / FIVE_MIN) * FIVE_MIN - 30 * 86_400_000;
  for (let s = 0; s < 2; s++) {
    const samples = [];
    for (let t = start; t < NOW - FIVE_MIN; t += FIVE_MIN) {
      samples.push({
        entityRef: 'component:default/svc-0-0-0',
        slo: `slo-${s}`,
        start: new Date(t).toISOString(),
        durationSeconds: 300,
        good: 995,
        total: 1000,
      });
    }
    for (let i = 0; i < samples.length; i += 5000) {
      await slo.service.pushSamples({ samples: samples.slice(i, i + 5000) });
    }
  }
  const painConfig = readPainIndexConfig(config);
  const painIndex = new PainIndexService({
    facets,
    config: painConfig,
    logger: silentLogger,
  });
  const rollupStore = await DatabaseRollupStore.create({ database });
  const rollups = await createRollups({
    ...deps,
    store: rollupStore,
    facets,
    painIndex,
    painConfig,
  });
  const summaries = new EntitySummaryService({
    facets,
    painIndex,
    logger: silentLogger,
    catalog,
  } as any);
  console.log(
    `${name.padEnd(10)} seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const summary = async (ref: string) => {
    // As the route: the entity read with the caller's credentials, then every facet.
    const entity = await catalog.getEntityByRef(ref);
    const result: any = await summaries.summarize(entity, {
      credentials,
      now: new Date(),
    });
    return result;
  };
  const busy = await summary('component:default/svc-0-0-0');
  const api = await summary('api:default/legacy-api');
  if (busy.supportLoad.status !== 'ok' || busy.slos.slos.length !== 2) {
    throw new Error(
      `unexpected summary: ${JSON.stringify({
        support: busy.supportLoad,
        slos: busy.slos,
      }).slice(0, 1500)}`,
    );
  }
  if (api.deprecation.dependents.length !== DEPENDENTS) {
    throw new Error(
      `expected ${DEPENDENTS} dependents, got ${api.deprecation.dependents.length}`,
    );
  }
  await time(
    name,
    'summary: component with 2 SLOs and ~1,000 support events',
    () => summary('component:default/svc-0-0-0'),
  );
  await time(name, 'summary: component without SLOs (~10 support events)', () =>
    summary('component:default/svc-5-5-5'),
  );
  await time(
    name,
    `summary: deprecated API with ${DEPENDENTS} dependents`,
    () => summary('api:default/legacy-api'),
  );
  const rollup: any = await rollups.service.getRollup('group:default/acme', {
    credentials,
    limit: 50,
  });
  if (rollup.page.total !== all.length) {
    throw new Error(`rollup counted ${rollup.page.total} entities`);
  }
  await time(
    name,
    'group rollup: acme tree (10,000 entities), first page of 50',
    () =>
      rollups.service.getRollup('group:default/acme', {
        credentials,
        limit: 50,
      }),
  );
  // Before: the group tree walked through the catalog, every owned entity
  // read and authorized (readableEntities), then counted.
  const rankingBefore = async (groupRef: string) => {
    const group = await catalog.getEntityByRef(groupRef);
    const refs = await SupportService.ownedEntityRefsOfTree(
      group,
      catalog,
      credentials,
    );
    const owned = await readableEntities(
      { catalog, permissions },
      refs,
      credentials,
    );
    return support.service.getGroupConsumers(
      group,
      owned.map(e => stringifyEntityRef(e)),
      { limit: 20 },
    );
  };
  // Now, as the route: the rollups' ownership and one conditional decision
  // per permission, then the first page.
  const rankingNow = async (groupRef: string, policy: any = permissions) => {
    const group = await catalog.getEntityByRef(groupRef);
    const { entityRefs, ownership } = await ownedEntityRefsForCaller(
      { catalog, permissions: policy, ownership: rollupStore },
      group,
      credentials,
    );
    return support.service.getGroupConsumers(group, entityRefs, {
      limit: 20,
      ownership,
    });
  };
  const flatBefore: any = await rankingBefore('group:default/dept-0');
  const treeBefore: any = await rankingBefore('group:default/acme');

  // The rollups built as in production: a whole pass over the catalog (the
  // past weeks seeded above are recorded already, so it computes each
  // entity now).
  const t1 = Date.now();
  const pass = await rollups.builder.refreshAll();
  console.log(
    `${name.padEnd(10)} rollup whole pass: ${pass.entities} entities in ${(
      (Date.now() - t1) /
      1000
    ).toFixed(1)} s`,
  );
  const flat: any = await rankingNow('group:default/dept-0');
  const tree: any = await rankingNow('group:default/acme');
  for (const [now, before] of [
    [flat, flatBefore],
    [tree, treeBefore],
  ]) {
    if (
      now.ownership.source !== 'rollup' ||
      JSON.stringify(now.consumers) !== JSON.stringify(before.consumers) ||
      now.ownedEntityRefs.length !== before.ownedEntityRefs.length ||
      now.total !== before.total
    ) {
      throw new Error(
        `the ranking moved: ${JSON.stringify(now).slice(0, 300)}`,
      );
    }
  }
  console.log(
    `${name.padEnd(10)} ranking counts ${flat.total} events over ${
      flat.ownedEntityRefs.length
    } entities (dept-0, direct), ${tree.total} over ${
      tree.ownedEntityRefs.length
    } (acme tree); the same before and now`,
  );
  await time(
    name,
    'internal customers before: dept-0 (1,000 entities directly)',
    () => rankingBefore('group:default/dept-0'),
  );
  await time(
    name,
    'internal customers before: acme tree (10,000 entities)',
    () => rankingBefore('group:default/acme'),
  );
  await time(
    name,
    'internal customers now: dept-0 (1,000 entities directly)',
    () => rankingNow('group:default/dept-0'),
  );
  await time(name, 'internal customers now: acme tree (10,000 entities)', () =>
    rankingNow('group:default/acme'),
  );
  await time(
    name,
    'internal customers now, conditional catalog read: acme tree',
    () => rankingNow('group:default/acme', conditionalPermissions),
  );
  // Computed, not kept: a push that changes one event before each request
  // retires the kept rankings (the write itself is not timed).
  const [changed] = await supportStore.listEvents({
    entityRefs: tree.ownedEntityRefs.slice(0, 500),
  });
  if (!changed) {
    throw new Error('no support event among the first 500 entities');
  }
  const { receivedAt: _r, updatedAt: _u, ...record } = changed;
  const touch = (i: number) =>
    supportStore.upsertEvents(
      [{ ...record, title: `changed before request ${i}` }],
      new Date(NOW),
    );
  await time(
    name,
    'internal customers computed after a write: acme tree',
    () => rankingNow('group:default/acme'),
    touch,
  );
  await time(
    name,
    'internal customers computed after a write: dept-0',
    () => rankingNow('group:default/dept-0'),
    touch,
  );
  // The ranking's counting alone: every team per kind, by the database.
  const from = new Date(tree.window.from);
  await time(name, 'counting only: acme tree, 10,000 entities', () =>
    supportStore.consumerCounts(
      tree.ownedEntityRefs,
      from,
      { top: 3 },
      () => {},
    ),
  );
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scale-bench-'));
  await fs.writeFile(path.join(dir, 'slos.yaml'), pushedSlosYaml(2));
  console.log(
    `${ITERATIONS} timed after ${WARMUP} warm-ups, nearest-rank percentiles; ${
      os.cpus().length
    } cores, node ${process.version}`,
  );
  const file = path.join(dir, 'customer-impact.sqlite');
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  try {
    if (!process.env.BENCH_SKIP_SQLITE) await benchOne('SQLite', sqlite, dir);
    if (!process.env.BENCH_SKIP_SQLITE) {
      const { size } = await fs.stat(file);
      console.log(
        `SQLite     file ${(size / 2 ** 20).toFixed(0)} MiB (${file})`,
      );
    }
  } finally {
    await sqlite.destroy();
    if (!process.env.BENCH_KEEP)
      await fs.rm(dir, { recursive: true, force: true });
  }

  if (process.env.BENCH_SKIP_POSTGRES) {
    return;
  }
  const connection =
    process.env.BENCH_POSTGRES_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432';
  const database = `scale_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  try {
    await admin.raw(`create database ${database}`);
    const url = new URL(connection);
    url.pathname = `/${database}`;
    const pg = knexFactory({ client: 'pg', connection: url.toString() });
    try {
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, 'slos.yaml'), pushedSlosYaml(2));
      await benchOne('PostgreSQL', pg, dir);
    } finally {
      await pg.destroy();
    }
  } finally {
    if (process.env.BENCH_KEEP) console.log(`PostgreSQL database ${database}`);
    else await admin.raw(`drop database if exists ${database}`).catch(() => {});
    await admin.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
