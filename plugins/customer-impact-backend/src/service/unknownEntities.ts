import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Given the distinct entity refs of a validated push, returns those the
 * catalog does not have (sorted, lower case). A push is accepted as a whole
 * either way; its answer lists these refs as `unknownEntityRefs`.
 */
export type UnknownEntityRefsCheck = (
  entityRefs: readonly string[],
) => Promise<string[]>;

function normalised(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
}

/**
 * The check of one push: looks the batch's distinct refs up in the catalog
 * once (`getEntitiesByRefs`, only kind, namespace and name). A person's push
 * is looked up with their credentials, so that the answer never tells them
 * about an entity the catalog hides from them; a service's (an
 * external-access token, which may not reach the catalog, or another plugin)
 * with the plugin's own.
 *
 * Rows about an unknown entity are stored as they are and count in no figure
 * until an entity with that ref exists: every figure is computed for entities
 * read from the catalog (see "Bad input" in the README).
 */
export function unknownEntityRefsCheck(
  options: { catalog: CatalogService; auth: AuthService },
  credentials: BackstageCredentials,
): UnknownEntityRefsCheck {
  const { catalog, auth } = options;
  return async entityRefs => {
    // A batch names few entities many times: each distinct text is parsed once.
    const refs = [...new Set([...new Set(entityRefs)].map(normalised))].sort();
    if (refs.length === 0) {
      return [];
    }
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      {
        credentials: auth.isPrincipal(credentials, 'user')
          ? credentials
          : await auth.getOwnServiceCredentials(),
      },
    );
    return refs.filter((_, i) => !items[i]);
  };
}

/** For services used without a catalog (unit tests): every ref is known. */
export const everyEntityKnown: UnknownEntityRefsCheck = async () => [];
