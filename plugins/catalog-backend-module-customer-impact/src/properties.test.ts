import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import {
  KNOWN_CUSTOMER_IMPACT_ANNOTATIONS,
  computeJourneyFigures,
  journeySteps,
  readDeprecationAnnotations,
} from '@customer-impact/plugin-customer-impact-common';
import fc from 'fast-check';
import { CustomerImpactAnnotationProcessor } from './CustomerImpactAnnotationProcessor';
import { JourneyEntitiesProcessor } from './journey';

/*
 * Generated Journey entities and annotations: the processors never crash,
 * and every rejection is an error that names the field (a thrown error the
 * catalog records as a processing error of the entity, or an emitted one).
 */

const location: LocationSpec = {
  type: 'url',
  target: 'https://git.example.com/catalog-info.yaml',
};

/** Values near the edges of the Journey rules, and far off. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'x'.repeat(300),
    'PT30M',
    'P2D',
    'P1M',
    'P',
    'PT0S',
    '-PT1H',
    'P1W',
    'P99999999999999999999D',
    'two days',
    'https://docs.example.com/x',
    'http://',
    ['javascript', 'alert(1)'].join(':'),
    'wiki/x',
    'component:default/x',
    'api:default/',
    'template:default/t',
    'group:platform',
    ':/',
    'a:b:c/d/e',
    'first-deploy',
    'First Deploy',
    'customer-impact/v1alpha1',
    'customer-impact/v2',
    'Journey',
    'journey',
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

function journey(): Entity {
  return {
    apiVersion: 'customer-impact/v1alpha1',
    kind: 'Journey',
    metadata: { name: 'first-deploy', namespace: 'onboarding', title: 'First' },
    spec: {
      owner: 'platform',
      persona: 'new-hire',
      goldenPath: true,
      scenario: 'You join a team',
      stages: [
        {
          name: 'Create',
          steps: [
            {
              id: 'create-service',
              title: 'Create a service',
              templateRef: 'template:default/service',
              entityRef: 'scaffolder',
              docs: ['https://docs.example.com/golden-path'],
              concepts: ['software template'],
              expectedDuration: 'PT30M',
            },
          ],
        },
        {
          name: 'Ship',
          steps: [
            {
              id: 'first-deploy',
              title: 'Deploy',
              entityRef: 'api:default/deploy-api',
              expectedDuration: 'P2D',
            },
          ],
        },
      ],
    },
  };
}

type Path = Array<string | number>;

/** Every path into a JSON value, the root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => [
      [...prefix, i],
      ...pathsOf(v, [...prefix, i]),
    ]);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      [...prefix, k],
      ...pathsOf(v, [...prefix, k]),
    ]);
  }
  return [];
}

const PATHS = pathsOf(journey());

/** A valid journey with 1 to 3 changes: a value replaced, a field removed or an unknown field added. */
const mutatedJourney: fc.Arbitrary<Entity> = fc
  .array(
    fc.record({
      path: fc.constantFrom(...PATHS),
      op: fc.constantFrom('replace', 'replace', 'delete', 'add'),
      key: fc.string({ minLength: 1, maxLength: 8 }),
      value: nasty,
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map(changes => {
    const entity = JSON.parse(JSON.stringify(journey()));
    for (const { path, op, key, value } of changes) {
      let parent: any = entity;
      for (const part of path.slice(0, -1)) {
        parent = parent?.[part];
      }
      if (parent === null || typeof parent !== 'object') {
        continue;
      }
      const last = path[path.length - 1];
      if (op === 'replace') {
        parent[last] = value;
      } else if (op === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else if (
        parent[last] !== null &&
        typeof parent[last] === 'object' &&
        !Array.isArray(parent[last])
      ) {
        parent[last][key] = value;
      }
    }
    return entity;
  });

/** A field of a Journey at the start of a message: `spec.stages[1].steps[0].id ...`. */
const NAMES_A_FIELD =
  /^(?:(?:apiVersion|kind|metadata|spec)(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*|<root>)\b/;

/** What fails when the processor and the figures read an accepted Journey. */
async function readerFailures(
  entity: Entity,
): Promise<Record<string, unknown>> {
  const emitted: CatalogProcessorResult[] = [];
  try {
    await new JourneyEntitiesProcessor().postProcessEntity(
      entity,
      location,
      r => emitted.push(r),
    );
    journeySteps(entity as any);
    computeJourneyFigures({ journey: entity as any, events: [], feedback: [] });
  } catch (e) {
    return { failed: String(e) };
  }
  const errors = emitted.filter(r => r.type === 'error');
  return errors.length ? { failed: errors } : { accepted: true };
}

describe('Journey entities, generated', () => {
  const processor = new JourneyEntitiesProcessor();

  it('are accepted, left to other processors, or refused with an error naming the field; accepted ones never crash what reads them', async () => {
    let refused = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(mutatedJourney, async entity => {
        let valid: boolean | undefined;
        let error: unknown;
        try {
          valid = await processor.validateEntityKind(entity);
        } catch (e) {
          error = e;
        }
        // What is wrong with the outcome, in words; null when nothing is.
        let problem: string | null = null;
        if (error !== undefined) {
          refused += 1;
          const message = String((error as Error).message);
          // "Invalid Journey entity: spec.stages[1].name must be string; ..."
          const first = message.replace(/^Invalid Journey entity: /, '');
          if (
            !message.startsWith('Invalid Journey entity: ') ||
            !NAMES_A_FIELD.test(first)
          ) {
            problem = `the refusal names no field: ${message}`;
          }
        } else if (valid) {
          // (Not valid: not a Journey any more, kind or apiVersion changed;
          // other processors, or the catalog's own kind check, decide.)
          accepted += 1;
          const result = await readerFailures(entity);
          if (result.failed) {
            problem = `an accepted Journey breaks a reader: ${JSON.stringify(
              result.failed,
            )}`;
          }
        }
        expect(problem).toBeNull();
      }),
      { numRuns: 400 },
    );
    expect(refused).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('annotations, generated', () => {
  const processor = new CustomerImpactAnnotationProcessor();
  const key = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...KNOWN_CUSTOMER_IMPACT_ANNOTATIONS),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ minLength: 1, maxLength: 10 })
        .map(s => `customer-impact/${s}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'pagerduty.com/service-id',
        'github.com/project-slug',
        'backstage.io/techdocs-ref',
        'customer-impact/Sunset',
        'customer-impact/',
      ),
    },
  );
  const value = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      '',
      ' ',
      '2027-03-31',
      '2027-02-30',
      '31/03/2027',
      '2027-03-31T00:00:00Z',
      'api:default/payments-v2',
      'payments-v2',
      'component:default/legacy',
      'api:default/',
      'https://example.com/migrate',
      'ftp://example.com/x',
      ['javascript', 'alert(1)'].join(':'),
      './slos/checkout.yaml',
      '../../../../etc/passwd',
      'x'.repeat(5000),
      '\u0000',
    ),
  );
  const entities = fc
    .record({
      annotations: fc.dictionary(key, value, { maxKeys: 6 }),
      lifecycle: fc.constantFrom('production', 'deprecated', 'Deprecated'),
    })
    .map(
      ({ annotations, lifecycle }): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'legacy', namespace: 'default', annotations },
        spec: { type: 'service', lifecycle, owner: 'group:platform' },
      }),
    );

  it('are accepted, or each problem is a processing error naming its annotation', async () => {
    let problems = 0;
    await fc.assert(
      fc.asyncProperty(entities, async entity => {
        const emitted: CatalogProcessorResult[] = [];
        const result = await processor.postProcessEntity(entity, location, r =>
          emitted.push(r),
        );
        expect(result).toBe(entity);
        expect(() => readDeprecationAnnotations(entity)).not.toThrow();
        const ours = Object.keys(entity.metadata.annotations ?? {}).filter(k =>
          k.startsWith('customer-impact/'),
        );
        for (const r of emitted) {
          expect(r.type).toBe('error');
          if (r.type !== 'error') return;
          problems += 1;
          expect(r.error.name).toBe('InputError');
          const named = ours.filter(k => r.error.message.includes(k));
          expect({ message: r.error.message, named: named.length > 0 }).toEqual(
            {
              message: r.error.message,
              named: true,
            },
          );
        }
      }),
      { numRuns: 400 },
    );
    expect(problems).toBeGreaterThan(0);
  });
});
