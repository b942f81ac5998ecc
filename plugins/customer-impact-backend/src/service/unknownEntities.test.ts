import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import fc from 'fast-check';
import {
  DEFAULT_KNOWN_ENTITIES_TTL_MS,
  KnownEntityRefs,
  normalisedEntityRef,
  readKnownEntitiesTtlMs,
  unknownEntityRefsCheck,
} from './unknownEntities';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:team' },
});

/**
 * A catalog holding `names` (changeable through `entities`), whose by-refs
 * reads are recorded as the refs asked and the principal they were asked
 * for (it shows every entity to everyone).
 */
function world(names: string[], ttlMs = 60_000) {
  const entities = names.map(component);
  const asked: Array<{ refs: string[]; by: string }> = [];
  const catalog = {
    async getEntitiesByRefs(
      request: { entityRefs: string[] },
      options: { credentials: BackstageCredentials },
    ) {
      const principal = options.credentials.principal as {
        userEntityRef?: string;
        subject?: string;
      };
      asked.push({
        refs: [...request.entityRefs],
        by: principal.userEntityRef ?? principal.subject ?? '?',
      });
      return {
        items: request.entityRefs.map(ref =>
          entities.find(
            e => stringifyEntityRef(e).toLocaleLowerCase('en-US') === ref,
          ),
        ),
      };
    },
  } as unknown as CatalogService;
  let now = 1_000_000;
  const knownEntities = new KnownEntityRefs({ ttlMs, clock: () => now });
  const auth = mockServices.auth();
  return {
    entities,
    asked,
    knownEntities,
    advance: (ms: number) => {
      now += ms;
    },
    checkFor: (
      credentials: BackstageCredentials = mockCredentials.service(
        'external:pusher',
      ),
    ) => unknownEntityRefsCheck({ catalog, auth, knownEntities }, credentials),
  };
}

describe('unknownEntityRefsCheck with KnownEntityRefs', () => {
  it('asks a service push only for the refs the catalog was not seen to have within the TTL', async () => {
    const w = world(['a', 'b']);
    expect(
      await w.checkFor()([
        'component:default/b',
        'Component:default/A',
        'component:default/ghost',
      ]),
    ).toEqual(['component:default/ghost']);
    expect(w.asked).toEqual([
      {
        refs: [
          'component:default/a',
          'component:default/b',
          'component:default/ghost',
        ],
        by: 'plugin:test',
      },
    ]);

    // The next push: a and b are known; the ghost is asked again.
    w.advance(59_000);
    expect(
      await w.checkFor()([
        'component:default/a',
        'component:default/b',
        'component:default/ghost',
      ]),
    ).toEqual(['component:default/ghost']);
    expect(w.asked[1].refs).toEqual(['component:default/ghost']);

    // Every ref known: no catalog call at all.
    expect(
      await w.checkFor()(['component:default/a', 'component:default/b']),
    ).toEqual([]);
    expect(w.asked).toHaveLength(2);
  });

  it('sees an entity registered after a push at once, and one removed once the TTL is over', async () => {
    const w = world(['a']);
    const check = w.checkFor();
    expect(
      await check(['component:default/a', 'component:default/new']),
    ).toEqual(['component:default/new']);
    // Registered: not remembered as missing, so the next push knows it.
    w.entities.push(component('new'));
    expect(await check(['component:default/new'])).toEqual([]);

    // Removed: still known until its TTL is over, then listed again.
    w.entities.splice(0, 1);
    w.advance(59_999);
    expect(await check(['component:default/a'])).toEqual([]);
    w.advance(1);
    expect(await check(['component:default/a'])).toEqual([
      'component:default/a',
    ]);
  });

  it("asks every person's push with their credentials, and neither reads nor fills what services share", async () => {
    const w = world(['a']);
    const ada = mockCredentials.user('user:default/ada');
    await w.checkFor(ada)(['component:default/a']);
    await w.checkFor(ada)(['component:default/a']);
    expect(w.asked).toEqual([
      { refs: ['component:default/a'], by: 'user:default/ada' },
      { refs: ['component:default/a'], by: 'user:default/ada' },
    ]);
    expect(w.knownEntities.size).toBe(0);

    // A service's answer is not given to a person either.
    await w.checkFor()(['component:default/a']);
    await w.checkFor(ada)(['component:default/a']);
    expect(w.asked.map(a => a.by)).toEqual([
      'user:default/ada',
      'user:default/ada',
      'plugin:test',
      'user:default/ada',
    ]);
  });

  it('asks every time with a TTL of 0', async () => {
    const w = world(['a'], 0);
    await w.checkFor()(['component:default/a']);
    await w.checkFor()(['component:default/a']);
    expect(w.asked).toHaveLength(2);
    expect(w.knownEntities.size).toBe(0);
  });
});

describe('KnownEntityRefs', () => {
  it('forgets the refs remembered longest ago beyond its bound', () => {
    const known = new KnownEntityRefs({
      ttlMs: 1000,
      maxRefs: 2,
      clock: () => 0,
    });
    known.remember(['a', 'b']);
    known.remember(['a']);
    known.remember(['c']);
    expect(known.size).toBe(2);
    expect(known.notKnownAmong(['a', 'b', 'c'])).toEqual(['b']);
  });
});

describe('readKnownEntitiesTtlMs', () => {
  it('reads customerImpact.pushes.knownEntitiesTtl, with its default, and refuses a negative one naming the key', () => {
    expect(readKnownEntitiesTtlMs(new ConfigReader({}))).toBe(
      DEFAULT_KNOWN_ENTITIES_TTL_MS,
    );
    expect(DEFAULT_KNOWN_ENTITIES_TTL_MS).toBe(300_000);
    expect(
      readKnownEntitiesTtlMs(
        new ConfigReader({
          customerImpact: { pushes: { knownEntitiesTtl: { seconds: 30 } } },
        }),
      ),
    ).toBe(30_000);
    expect(
      readKnownEntitiesTtlMs(
        new ConfigReader({
          customerImpact: { pushes: { knownEntitiesTtl: { seconds: 0 } } },
        }),
      ),
    ).toBe(0);
    expect(() =>
      readKnownEntitiesTtlMs(
        new ConfigReader({
          customerImpact: { pushes: { knownEntitiesTtl: { seconds: -1 } } },
        }),
      ),
    ).toThrow(/customerImpact\.pushes\.knownEntitiesTtl/);
  });
});

describe('normalisedEntityRef', () => {
  /** What the catalog makes of a ref: parsed, written again, lower-cased. */
  const byTheCatalog = (ref: string) => {
    try {
      return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
    } catch (e) {
      return `throws ${(e as Error).message}`;
    }
  };
  const ours = (ref: string) => {
    try {
      return normalisedEntityRef(ref);
    } catch (e) {
      return `throws ${(e as Error).message}`;
    }
  };

  it('writes refs as the catalog does, in lower case', () => {
    expect(normalisedEntityRef('Component:Default/Bench-Service-00001')).toBe(
      'component:default/bench-service-00001',
    );
    expect(normalisedEntityRef('component:payments')).toBe(
      'component:default/payments',
    );
    expect(normalisedEntityRef('API:ns/a:b/c')).toBe('api:ns/a:b/c');
    // Greek capital sigma: lower-cased part by part, as the catalog does.
    expect(normalisedEntityRef('component:default/ΑΣ')).toBe(
      byTheCatalog('component:default/ΑΣ'),
    );
    for (const empty of ['component:/x', 'component:/a/b', ':default/x']) {
      expect(() => normalisedEntityRef(empty)).toThrow('was not on the form');
    }
    expect(() => normalisedEntityRef('payments')).toThrow(
      'missing or empty kind',
    );
  });

  it('agrees with the catalog on any text', () => {
    // Texts built of the characters that matter: the separators, letters of
    // both cases (ASCII and not), and others.
    const piece = fc.stringMatching(/^[a-zA-Z0-9:/ \-_.ΣσÉé]{0,6}$/);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.tuple(piece, piece, piece).map(([a, b, c]) => `${a}:${b}/${c}`),
          fc.tuple(piece, piece).map(([a, b]) => `${a}${b}`),
        ),
        ref => {
          expect(ours(ref)).toBe(byTheCatalog(ref));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
