import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_OPENSLO,
  ParseSloDefinitionsOptions,
  SloDefinitionsResult,
  parseSloDefinitions,
} from '@customer-impact/plugin-customer-impact-common';
import { promises as fs } from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';

/** Where an entity's SLO definitions file is. */
export type SloDefinitionsLocation =
  | { type: 'url'; target: string }
  | { type: 'file'; target: string };

/** `url:https://…` or `file:/abs/path` (the catalog's location-ref syntax). */
export function stringifySloLocation(location: SloDefinitionsLocation): string {
  return `${location.type}:${location.target}`;
}

/** An http(s) link to the file, for people; null for a `file:` location. */
export function sloLocationLink(
  location: SloDefinitionsLocation | null,
): string | null {
  return location?.type === 'url' && /^https?:\/\//i.test(location.target)
    ? location.target
    : null;
}

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

function baseLocationOf(
  entity: Entity,
): { type: string; target: string } | null {
  const annotations = entity.metadata.annotations ?? {};
  // The entity's own catalog file first: a relative path is relative to it.
  for (const key of [ANNOTATION_LOCATION, ANNOTATION_SOURCE_LOCATION]) {
    const value = annotations[key];
    if (value) {
      try {
        const ref = parseLocationRef(value);
        if (ref.type === 'url' || ref.type === 'file') {
          return ref;
        }
      } catch {
        // Try the next annotation.
      }
    }
  }
  return null;
}

/**
 * Resolves the `customer-impact/openslo` annotation of an entity: an absolute
 * URL (optionally written `url:https://…`) is used as is; a relative path is
 * resolved against the entity's catalog file (`backstage.io/managed-by-location`),
 * or against `backstage.io/source-location`, the way the catalog resolves the
 * relative targets of a Location. Throws an InputError saying what is wrong.
 */
export function resolveSloLocation(entity: Entity): SloDefinitionsLocation {
  const raw = entity.metadata.annotations?.[ANNOTATION_OPENSLO]?.trim();
  if (!raw) {
    throw new InputError(`The entity has no ${ANNOTATION_OPENSLO} annotation`);
  }
  const value = raw.startsWith('url:') ? raw.slice(4) : raw;
  if (ABSOLUTE_URL.test(value)) {
    if (value.toLowerCase().startsWith('file://')) {
      // Local files only for entities that come from local files themselves
      // (configured by the operator): an entity from a repository must not
      // make the backend read its disk.
      if (baseLocationOf(entity)?.type !== 'file') {
        throw new InputError(
          `${ANNOTATION_OPENSLO}: "${raw}" is a local file, allowed only for entities registered from a local file`,
        );
      }
      return { type: 'file', target: fileURLToPath(value) };
    }
    return { type: 'url', target: value };
  }
  if (value.startsWith('file:')) {
    throw new InputError(
      `${ANNOTATION_OPENSLO}: "${raw}" must be a path relative to the entity's catalog file or an http(s) URL`,
    );
  }
  const base = baseLocationOf(entity);
  if (!base) {
    throw new InputError(
      `${ANNOTATION_OPENSLO}: "${raw}" is a relative path, but the entity has no ${ANNOTATION_LOCATION} or ${ANNOTATION_SOURCE_LOCATION} annotation to resolve it against`,
    );
  }
  if (base.type === 'file') {
    // A managed-by-location names the file; a source-location names a folder.
    const dir = base.target.endsWith('/')
      ? base.target
      : path.dirname(base.target);
    return { type: 'file', target: path.resolve(dir, value) };
  }
  try {
    return { type: 'url', target: new URL(value, base.target).toString() };
  } catch {
    throw new InputError(
      `${ANNOTATION_OPENSLO}: cannot resolve "${raw}" against ${base.target}`,
    );
  }
}

/** Reads the text of a definitions file. */
export async function readSloLocation(
  urlReader: UrlReaderService,
  location: SloDefinitionsLocation,
): Promise<string> {
  if (location.type === 'file') {
    // Like the catalog's own file reader: only entities registered from a
    // local file (configured by the operator) resolve to a local path.
    return fs.readFile(location.target, 'utf8');
  }
  const response = await urlReader.readUrl(location.target);
  return (await response.buffer()).toString('utf8');
}

/** Reads and parses the definitions file of an entity. */
export async function readSloDefinitions(
  urlReader: UrlReaderService,
  entity: Entity,
  options: ParseSloDefinitionsOptions = {},
): Promise<{ location: SloDefinitionsLocation; result: SloDefinitionsResult }> {
  const location = resolveSloLocation(entity);
  const text = await readSloLocation(urlReader, location);
  const source =
    location.type === 'file'
      ? entity.metadata.annotations?.[ANNOTATION_OPENSLO] ?? location.target
      : location.target;
  return { location, result: parseSloDefinitions(text, source, options) };
}
