import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FACET_STATUSES,
  JOURNEY_KIND,
  ROLLUP_DEFAULT_LIMIT,
  customerImpactEntityReadPermission,
  isJourneyEntity,
} from '@customer-impact/plugin-customer-impact-common';
import { JourneyService } from '../journey/JourneyService';
import { RollupService, decodeCursor } from '../rollup/RollupService';
import { entityRefFromParams, readEntityForCaller } from '../service/access';
import { EntitySummaryService } from '../service/EntitySummaryService';
import { entityImpactFromSummary, goldenPathOf } from './outputs';
import { GoldenPathsOutput } from './types';

/** What the actions read through: the same services as the REST routes. */
export interface CustomerImpactActionsOptions {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  summaries: EntitySummaryService;
  rollups: RollupService;
  journeys: JourneyService;
  now?: () => Date;
}

/** The ids of the actions, as MCP tools and the actions service name them. */
export const CUSTOMER_IMPACT_ACTIONS = {
  entityImpact: 'get-entity-customer-impact',
  groupRollup: 'get-group-customer-impact-rollup',
  goldenPaths: 'list-golden-paths',
} as const;

const READ_ONLY = { readOnly: true, destructive: false, idempotent: true };

/**
 * Actions are invoked by a signed-in user or a service (an MCP client's
 * external-access token arrives as a service); an anonymous call is refused
 * before anything is read.
 */
function requireCaller(auth: AuthService, credentials: BackstageCredentials) {
  if (
    !auth.isPrincipal(credentials, 'user') &&
    !auth.isPrincipal(credentials, 'service')
  ) {
    throw new NotAllowedError(
      'The Customer Impact actions need the credentials of a user or a service',
    );
  }
}

/** `kind:namespace/name`, with a default kind; InputError naming the field. */
function parseRef(
  field: string,
  raw: string,
  defaultKind: string,
): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(raw.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `${field}: not an entity ref ("kind:namespace/name"): ${JSON.stringify(
        raw,
      )}`,
    );
  }
  try {
    return entityRefFromParams(ref);
  } catch (error) {
    throw new InputError(`${field}: ${(error as Error).message}`);
  }
}

/**
 * Registers the Customer Impact actions with Backstage's actions registry:
 * read-only, each invoked with the caller's credentials and the same
 * permission checks as the REST route it mirrors
 * (`customer-impact.entity.read` on the entity, catalog read rules through
 * the caller's credentials). MCP clients reach them through
 * `@backstage/plugin-mcp-actions-backend`, other plugins through the
 * actions service.
 */
export function registerCustomerImpactActions(
  options: CustomerImpactActionsOptions,
) {
  const {
    actionsRegistry,
    auth,
    permissions,
    catalog,
    summaries,
    rollups,
    journeys,
  } = options;
  const now = options.now ?? (() => new Date());

  actionsRegistry.register({
    name: CUSTOMER_IMPACT_ACTIONS.entityImpact,
    title: 'Get the customer impact of an entity',
    description: `
The customer impact of one catalog entity (a Component, API, Resource, System, Group or Journey): how much it hurts its internal customers and whom.
Returns its pain index (one number, the sum of weighted terms such as pages a week, tickets a week, stuck reports, dependents left on a deprecated entity; null when nothing was measured),
its deprecation (sunset, days left, replacement, migration guide, dependents still on it and their owning teams, on track or behind),
its SLOs (state page/ticket/ok, SLI, error budget left; the burning SLOs of its dependencies; the consuming teams affected while it burns),
its support load (this week's tickets, pages, escalations and manual exceptions against the 12-week median, pages per on-call shift, long-tail share)
and the journeys that pass through it with the friction of their steps (median time, time against the expected one, people stuck; figures over fewer than k people are withheld).
Every facet has a status: "not-configured" and "no-data" mean nothing was measured, never zero.
`,
    attributes: READ_ONLY,
    schema: { input: entityImpactInput, output: entityImpactOutput },
    examples: [
      {
        title: 'How much does the payments service hurt its customers?',
        input: { entityRef: 'component:default/payments-service' },
      },
    ],
    action: async ({ input, credentials }) => {
      requireCaller(auth, credentials);
      const ref = parseRef('entityRef', input.entityRef, 'component');
      const entity = await readEntityForCaller(
        { permissions, catalog },
        ref,
        credentials,
      );
      const summary = await summaries.summarize(entity, {
        credentials,
        now: now(),
      });
      return { output: entityImpactFromSummary(entity, summary) };
    },
  });

  actionsRegistry.register({
    name: CUSTOMER_IMPACT_ACTIONS.groupRollup,
    title: 'Get the customer impact rollup of a group',
    description: `
The customer impact of everything a group and every group below it owns, precomputed: its entities ranked by pain index (paged; pass page.nextCursor as cursor for the next page),
the consuming teams hurting most on them and where, the deprecations of the tree with their weekly burndown, and the tree's total pain per ISO week over the last 12 weeks.
Only entities the caller may see in the catalog are counted.
`,
    attributes: READ_ONLY,
    schema: { input: groupRollupInput, output: groupRollupOutput },
    examples: [
      {
        title: 'Which of the platform team entities hurt most, and whom?',
        input: { groupRef: 'group:default/platform', limit: 5 },
      },
    ],
    action: async ({ input, credentials }) => {
      requireCaller(auth, credentials);
      const ref = parseRef('groupRef', input.groupRef, 'group');
      if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
        throw new InputError(
          `groupRef: must name a Group, got kind "${ref.kind}"`,
        );
      }
      const cursor =
        input.cursor === undefined ? undefined : decodeCursor(input.cursor);
      const group = await readEntityForCaller(
        { permissions, catalog },
        ref,
        credentials,
      );
      const rollup = await rollups.getRollup(
        stringifyEntityRef(group).toLocaleLowerCase('en-US'),
        { credentials, limit: input.limit ?? ROLLUP_DEFAULT_LIMIT, cursor },
      );
      return { output: rollup };
    },
  });

  actionsRegistry.register({
    name: CUSTOMER_IMPACT_ACTIONS.goldenPaths,
    title: 'List the golden paths',
    description: `
The golden paths: Journey entities with spec.goldenPath true, the supported way to build and ship (new hires' paths first).
For each: its steps in order (the entity or template each goes through), and the measured friction of the whole journey and of each step:
time to first success (median, p90) against the expected time, completion rate, self-service rate (completed without "I'm stuck" or a ticket naming the step), people stuck, mean effort (1 easy to 7 hard), docs and concepts to read up to each step, and the trend per start-month cohort.
Figures are k-anonymous: over fewer than k people a figure is "withheld", and "no-data" means nothing was measured.
`,
    attributes: READ_ONLY,
    schema: { input: goldenPathsInput, output: goldenPathsOutput },
    examples: [
      {
        title: 'What should a new hire do first?',
        input: { persona: 'new-hire' },
      },
    ],
    action: async ({ input, credentials }) => {
      requireCaller(auth, credentials);
      // The catalog answers with what the caller may see.
      const { items } = await catalog.getEntities(
        { filter: { kind: JOURNEY_KIND } },
        { credentials },
      );
      const candidates = items
        .filter(isJourneyEntity)
        .filter(j => j.spec?.goldenPath === true)
        .filter(j => !input.persona || j.spec.persona === input.persona);
      // The same permission as the journey figures route, per journey.
      const decisions =
        candidates.length === 0
          ? []
          : await permissions.authorize(
              candidates.map(j => ({
                permission: customerImpactEntityReadPermission,
                resourceRef: stringifyEntityRef(j),
              })),
              { credentials },
            );
      const allowed = candidates
        .filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW)
        .sort(
          (a, b) =>
            Number(b.spec.persona === 'new-hire') -
              Number(a.spec.persona === 'new-hire') ||
            (a.metadata.title ?? a.metadata.name).localeCompare(
              b.metadata.title ?? b.metadata.name,
            ),
        );
      const goldenPaths: GoldenPathsOutput['goldenPaths'] = [];
      for (const journey of allowed) {
        goldenPaths.push(
          goldenPathOf(journey, await journeys.getFigures(journey)),
        );
      }
      return { output: { goldenPaths } };
    },
  });
}

/**
 * The zod schemas of the actions' inputs and outputs. Each is a function of
 * the `z` the actions registry passes in (zod v3), as Backstage's own actions
 * write them; the registry turns them into the JSON schemas MCP clients see,
 * validates every input before the action runs and every output after.
 * `Z` is the registry's own `z` (Backstage's copy of zod), so that the
 * schemas are of the type the registry expects.
 */
type Z = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

const STATUS_DOC =
  'The facet envelope: ok, no-data (set up, nothing measured: no figure), not-configured (not set up for this entity), error, pending, stale.';

/** A facet's envelope: status, why, when its data last changed. */
function envelope(z: Z) {
  return {
    status: z.enum(FACET_STATUSES).describe(STATUS_DOC),
    reason: z
      .string()
      .optional()
      .describe('Why there is no data, why it failed, why it is stale.'),
    lastUpdatedAt: z
      .string()
      .nullable()
      .describe(
        "When the facet's data for this entity last changed (ISO 8601, UTC); null when never.",
      ),
  };
}

/** A time window, ISO 8601 in UTC. */
function windowSchema(z: Z) {
  return z.object({ from: z.string(), to: z.string() });
}

/** One measured quantity of a facet (`FacetQuantity`). */
function quantitySchema(z: Z) {
  return z.object({
    id: z.string(),
    label: z.string(),
    quantity: z.number(),
    unit: z.enum(['per-week', 'count', 'days', 'fraction', 'times']),
    detail: z.string().optional(),
  });
}

/** The pain index (`PainIndex`). */
function painIndexSchema(z: Z) {
  return z
    .object({
      value: z
        .number()
        .nullable()
        .describe(
          'Σ points of the terms; null when no facet measured anything (not a 0).',
        ),
      window: windowSchema(z),
      terms: z
        .array(
          z.object({
            facet: z.string(),
            id: z.string(),
            label: z.string(),
            quantity: z.number(),
            unit: z.enum(['per-week', 'count', 'days', 'fraction', 'times']),
            weight: z.number(),
            points: z.number().describe('weight × quantity'),
            detail: z.string().optional(),
          }),
        )
        .describe('Highest points first.'),
      noData: z
        .array(z.string())
        .describe(
          'Facets with nothing measured (not set up, no data, failed).',
        ),
    })
    .describe(
      "The facets' measured quantities weighted into one number over the window (customerImpact.painIndex).",
    );
}

/**
 * A k-anonymous figure over people: measured, withheld (fewer than k
 * people) or without data, never a made-up 0.
 */
function journeyFigureSchema(z: Z) {
  return z.union([
    z.object({
      status: z.literal('ok'),
      value: z.number(),
      people: z.number().describe('Distinct people covered (at least k).'),
    }),
    z.object({
      status: z.literal('withheld'),
      people: z.number(),
      k: z.number(),
      reason: z
        .enum([
          'fewer than k people',
          'protects a smaller group',
          "one person's extreme",
        ])
        .describe(
          "Why: too few people, a total that would give a smaller withheld group away, or a percentile that is one person's own time.",
        ),
    }),
    z.object({ status: z.literal('no-data'), reason: z.string().optional() }),
  ]);
}

/** The friction figures of a journey step, as the actions answer them. */
function journeyStepSchema(z: Z) {
  const figure = journeyFigureSchema(z);
  return z.object({
    stepId: z.string(),
    title: z.string(),
    stage: z.string(),
    entityRef: z
      .string()
      .nullable()
      .describe('The entity the step goes through, when the spec names one.'),
    templateRef: z.string().nullable(),
    expectedSeconds: z.number().nullable(),
    peopleStarted: z.number(),
    medianSeconds: figure.describe('Median time taken (nearest-rank).'),
    p90Seconds: figure,
    completionRate: figure.describe('0..1'),
    timeVsExpected: figure.describe(
      'Median time / expected time (2 = twice as long).',
    ),
    peopleStuck: figure,
    meanEffort: figure.describe('Customer Effort Score 1 (easy) to 7 (hard).'),
    selfServiceRate: figure.describe(
      'Share (0..1) of the completers who did it on their own: no "I\'m stuck" and no support ticket of theirs naming the step before they were done.',
    ),
    docs: z.number().describe('Distinct docs the step links.'),
    concepts: z.number().describe('Distinct concepts the step needs.'),
    docsUpToHere: z
      .number()
      .describe(
        'Distinct docs a newcomer reads up to and including this step.',
      ),
    conceptsUpToHere: z
      .number()
      .describe(
        'Distinct concepts a newcomer learns up to and including this step.',
      ),
  });
}

/** Input of `get-entity-customer-impact`. */
function entityImpactInput(z: Z) {
  return z.object({
    entityRef: z
      .string()
      .min(1)
      .describe(
        'The entity, as "kind:namespace/name" (e.g. "component:default/payments-service"); without a kind it is a Component, without a namespace "default".',
      ),
  });
}

/** Output of `get-entity-customer-impact`. */
function entityImpactOutput(z: Z) {
  const figure = journeyFigureSchema(z);
  const counts = z.object({
    ticket: z.number(),
    page: z.number(),
    escalation: z.number(),
    'manual-exception': z.number(),
  });
  const nullableCounts = z.object({
    ticket: z.number().nullable(),
    page: z.number().nullable(),
    escalation: z.number().nullable(),
    'manual-exception': z.number().nullable(),
    total: z.number().nullable(),
  });
  return z.object({
    entityRef: z.string(),
    title: z.string().nullable(),
    ownerRef: z.string().nullable(),
    generatedAt: z.string().describe('When the figures were computed (UTC).'),
    painIndex: painIndexSchema(z),
    deprecation: z.object({
      ...envelope(z),
      deprecated: z.boolean().nullable(),
      replacedBy: z.string().nullable(),
      sunset: z.string().nullable().describe('YYYY-MM-DD'),
      daysToSunset: z.number().nullable(),
      migrationGuide: z.string().nullable(),
      deprecationReason: z.string().nullable(),
      dependents: z
        .number()
        .nullable()
        .describe('Entities that still depend on or consume this one.'),
      dependentOwners: z
        .array(z.string())
        .describe('The teams that still have to migrate.'),
      verdict: z
        .enum(['on-track', 'behind', 'done', 'unknown'])
        .nullable()
        .describe('Migration pace against the ideal line to the sunset.'),
      projectedLastLeaves: z.string().nullable(),
      exposure: z
        .array(
          z.object({
            entityRef: z.string(),
            replacedBy: z.string().nullable(),
            sunset: z.string().nullable(),
            daysToSunset: z.number().nullable(),
            migrationGuide: z.string().nullable(),
          }),
        )
        .describe('Deprecated entities this entity itself depends on.'),
    }),
    slos: z.object({
      ...envelope(z),
      slos: z.array(
        z.object({
          key: z.string(),
          name: z.string(),
          target: z.number(),
          window: z.string(),
          sli: z.number().nullable().describe('null: no data'),
          budgetRemaining: z.number().nullable(),
          state: z.string().describe('page, ticket, ok or no-data'),
          lastDataAt: z.string().nullable(),
        }),
      ),
      burningDependencies: z
        .array(
          z.object({
            entityRef: z.string(),
            sloName: z.string(),
            state: z.enum(['page', 'ticket']),
            since: z.string(),
          }),
        )
        .describe(
          'SLOs of what this entity depends on, in page or ticket now.',
        ),
      internalCustomersAffected: z
        .array(
          z.object({
            ownerRef: z.string().nullable(),
            consumers: z.array(z.string()),
          }),
        )
        .describe('While an SLO of this entity burns: the consuming teams.'),
    }),
    supportLoad: z.object({
      ...envelope(z),
      window: windowSchema(z).nullable(),
      thisWeek: z
        .object({ week: z.string(), total: z.number(), counts })
        .nullable(),
      weeklyMedian: nullableCounts
        .nullable()
        .describe('Median of the 12 complete weeks before this one.'),
      pagesPerShift: z
        .number()
        .nullable()
        .describe('This week; the SRE Book limit is 2 per 12-hour shift.'),
      longTailShare: z.number().nullable(),
      topCategories: z.array(
        z.object({ category: z.string(), count: z.number() }),
      ),
      medianTimeToResolveSeconds: z.number().nullable(),
    }),
    journeys: z.object({
      ...envelope(z),
      journeys: z.array(
        z.object({
          journeyRef: z.string(),
          title: z.string(),
          persona: z.string(),
          goldenPath: z.boolean(),
          k: z.number(),
          timeToFirstSuccessSeconds: figure,
          selfServiceRate: figure,
          steps: z.array(journeyStepSchema(z)),
        }),
      ),
    }),
  });
}

/** Input of `get-group-customer-impact-rollup`. */
function groupRollupInput(z: Z) {
  return z.object({
    groupRef: z
      .string()
      .min(1)
      .describe(
        'The group, as "group:namespace/name" or just its name (e.g. "platform").',
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('Entities per page, 1–100; default 20.'),
    cursor: z
      .string()
      .optional()
      .describe("The previous answer's page.nextCursor, unchanged."),
  });
}

/** Output of `get-group-customer-impact-rollup` (the REST route's `GroupRollup`). */
function groupRollupOutput(z: Z) {
  return z.object({
    groupRef: z.string(),
    groups: z.array(z.string()).describe('The group and every group below it.'),
    window: windowSchema(z),
    entities: z
      .array(
        z.object({
          entityRef: z.string(),
          ownerRef: z.string().nullable(),
          painIndex: painIndexSchema(z),
          computedAt: z.string(),
        }),
      )
      .describe('Most pain first; entities without a measured pain last.'),
    page: z.object({
      limit: z.number(),
      nextCursor: z.string().nullable(),
      total: z.number(),
    }),
    consumers: z
      .array(
        z.object({
          consumerRef: z.string(),
          points: z.number(),
          quantities: z.array(quantitySchema(z)),
          entities: z.array(
            z.object({ entityRef: z.string(), points: z.number() }),
          ),
          categories: z.array(
            z.object({ category: z.string(), count: z.number() }),
          ),
        }),
      )
      .describe('The consuming teams hurting most on the tree.'),
    deprecations: z.array(
      z.object({
        entityRef: z.string(),
        ownerRef: z.string().nullable(),
        dependentsLeft: z.number().nullable(),
        sunset: z.string().nullable(),
        daysToSunset: z.number().nullable(),
        burndown: z.array(
          z.object({
            weekStart: z.string(),
            dependents: z.number().nullable(),
          }),
        ),
      }),
    ),
    trend: z.array(
      z.object({
        weekStart: z.string(),
        value: z.number().nullable(),
        measuredEntities: z.number(),
      }),
    ),
    computedAt: z.string().nullable(),
  });
}

/** Input of `list-golden-paths`. */
function goldenPathsInput(z: Z) {
  return z.object({
    persona: z
      .string()
      .optional()
      .describe('Only the golden paths for this persona, e.g. "new-hire".'),
  });
}

/** Output of `list-golden-paths`. */
function goldenPathsOutput(z: Z) {
  const figure = journeyFigureSchema(z);
  return z.object({
    goldenPaths: z.array(
      z.object({
        journeyRef: z.string(),
        title: z.string(),
        description: z.string().nullable(),
        persona: z.string(),
        ownerRef: z.string().nullable(),
        k: z
          .number()
          .describe('Figures over fewer than k people are withheld.'),
        window: z.object({
          description: z.string(),
          from: z.string().nullable(),
          to: z.string().nullable(),
        }),
        lastUpdatedAt: z.string().nullable(),
        journey: z.object({
          peopleStarted: z.number(),
          timeToFirstSuccessSeconds: figure,
          p90Seconds: figure,
          completionRate: figure,
          timeVsExpected: figure,
          peopleStuck: figure,
          meanEffort: figure,
          selfServiceRate: figure,
          docs: z.number(),
          concepts: z.number(),
        }),
        cohorts: z
          .array(
            z.object({
              month: z.string().describe('YYYY-MM (UTC) of the first start'),
              peopleStarted: z.number(),
              timeToFirstSuccessSeconds: figure,
              selfServiceRate: figure,
            }),
          )
          .describe('The trend per start-month cohort, oldest first.'),
        steps: z.array(journeyStepSchema(z)),
      }),
    ),
  });
}
