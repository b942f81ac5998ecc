import {
  AuthService,
  BackstageCredentials,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { readNonNegativeDurationMs } from './configDuration';

/**
 * Given the distinct entity refs of a validated push, returns those the
 * catalog does not have (sorted, lower case). A push is accepted as a whole
 * either way; its answer lists these refs as `unknownEntityRefs`.
 */
export type UnknownEntityRefsCheck = (
  entityRefs: readonly string[],
) => Promise<string[]>;

/**
 * `kind:namespace/name` in ASCII, each part non-empty: what a validated push
 * holds. For such a ref `parseEntityRef` splits at the first `:` and the
 * first `/` and `stringifyEntityRef` joins the parts again, so the ref
 * lower-cased is the answer (ASCII letters lower-case one by one).
 */
const PLAIN_ASCII_REF =
  /^[^:/\u0080-\uffff]+:[^/\u0080-\uffff]+\/[^\u0080-\uffff]+$/;

/**
 * The ref as the catalog writes it, in lower case. A push names about a
 * thousand distinct refs: parsing and writing them again took 4.1 ms of a
 * 1,000-event push, the plain form's check 0.2 ms.
 */
export function normalisedEntityRef(ref: string): string {
  if (PLAIN_ASCII_REF.test(ref)) {
    return ref.toLowerCase();
  }
  return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
}

/** Config key of how long the catalog's presence answers are reused by pushes. */
export const KNOWN_ENTITIES_TTL_KEY = 'customerImpact.pushes.knownEntitiesTtl';
/** Default of {@link KNOWN_ENTITIES_TTL_KEY}: five minutes. */
export const DEFAULT_KNOWN_ENTITIES_TTL_MS = 5 * 60_000;
/** Refs remembered at most (the oldest are forgotten first). */
const MAX_KNOWN_REFS = 100_000;

/** The TTL of {@link KnownEntityRefs} from config; throws naming the key when negative. */
export function readKnownEntitiesTtlMs(config: RootConfigService): number {
  return readNonNegativeDurationMs(
    config,
    KNOWN_ENTITIES_TTL_KEY,
    DEFAULT_KNOWN_ENTITIES_TTL_MS,
  );
}

/**
 * The refs the catalog was seen to have, remembered for `ttlMs`, so that the
 * pushes naming the same entities again (a pull module's every run, every
 * batch of a backfill) do not look them up again: a catalog read is a
 * loopback HTTP round trip that costs more than storing the batch.
 *
 * Only presence is remembered. A ref the catalog does not have is asked again
 * on the next push, so an entity registered a moment later stops being listed
 * at once; an entity removed from the catalog may go on counting as known for
 * up to `ttlMs`. Either way the rows are stored, and `unknownEntityRefs` is a
 * hint to the pusher (every figure is computed over entities read from the
 * catalog).
 *
 * Only lookups made with the plugin's own credentials are remembered: a
 * person's view of the catalog is their own.
 */
export class KnownEntityRefs {
  /** Ref → when its presence is to be asked again (ms), oldest first. */
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly options: {
      /** How long a presence answer is reused; 0: never. */
      ttlMs: number;
      /** Refs remembered at most; default 100,000. */
      maxRefs?: number;
      /** Clock (ms) for the TTL; default Date.now. */
      clock?: () => number;
    },
  ) {}

  private now() {
    return (this.options.clock ?? Date.now)();
  }

  /** Those of `refs` (normalised) not seen in the catalog within the TTL, in their order. */
  notKnownAmong(refs: readonly string[]): string[] {
    const now = this.now();
    return refs.filter(ref => !((this.expiries.get(ref) ?? 0) > now));
  }

  /** Records that the catalog has `refs` (normalised), as of now. */
  remember(refs: readonly string[]) {
    if (this.options.ttlMs <= 0) {
      return;
    }
    const expiresAt = this.now() + this.options.ttlMs;
    for (const ref of refs) {
      // Deleted first, so that the map stays ordered by age.
      this.expiries.delete(ref);
      this.expiries.set(ref, expiresAt);
    }
    const max = this.options.maxRefs ?? MAX_KNOWN_REFS;
    for (const ref of this.expiries.keys()) {
      if (this.expiries.size <= max) {
        break;
      }
      this.expiries.delete(ref);
    }
  }

  /** How many refs are remembered (expired ones included until pushed out). */
  get size(): number {
    return this.expiries.size;
  }
}

/**
 * The check of one push: looks the batch's distinct refs up in the catalog
 * once (`getEntitiesByRefs`, only kind, namespace and name). A person's push
 * is looked up with their credentials, so that the answer never tells them
 * about an entity the catalog hides from them; a service's (an
 * external-access token, which may not reach the catalog, or another plugin)
 * with the plugin's own, skipping the refs `knownEntities` remembers.
 *
 * Rows about an unknown entity are stored as they are and count in no figure
 * until an entity with that ref exists: every figure is computed for entities
 * read from the catalog (see "Bad input" in the README).
 */
export function unknownEntityRefsCheck(
  options: {
    catalog: CatalogService;
    auth: AuthService;
    /** Presence answers shared by services' pushes; without it, every push asks. */
    knownEntities?: KnownEntityRefs;
  },
  credentials: BackstageCredentials,
): UnknownEntityRefsCheck {
  const { catalog, auth } = options;
  return async entityRefs => {
    // A batch names few entities many times: each distinct text is parsed once.
    const refs = [
      ...new Set([...new Set(entityRefs)].map(normalisedEntityRef)),
    ].sort();
    const person = auth.isPrincipal(credentials, 'user');
    const known = person ? undefined : options.knownEntities;
    const asked = known ? known.notKnownAmong(refs) : refs;
    if (asked.length === 0) {
      return [];
    }
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: asked,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      {
        credentials: person
          ? credentials
          : await auth.getOwnServiceCredentials(),
      },
    );
    known?.remember(asked.filter((_, i) => items[i]));
    return asked.filter((_, i) => !items[i]);
  };
}

/** For services used without a catalog (unit tests): every ref is known. */
export const everyEntityKnown: UnknownEntityRefsCheck = async () => [];
