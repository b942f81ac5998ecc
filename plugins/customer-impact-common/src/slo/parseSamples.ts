import {
  MAX_ENTITY_REF_LENGTH,
  hasNoNulCharacter,
  parseValidEntityRef,
} from '../schemas';
import { parseOrThrowInputError } from '../validation';
import {
  MAX_SLO_SAMPLES_PER_PUSH,
  SLO_SAMPLE_MAX_DURATION_SECONDS,
  SLO_SAMPLE_MAX_SLO_LENGTH,
  SLO_SAMPLE_START_PATTERN,
  SloSamplesRequest,
  sloSamplesRequestSchema,
} from './schema';

/**
 * Parses a push body with `sloSamplesRequestSchema`, or throws an
 * `InputError` naming every field at fault with its sample index
 * (`samples[3].good: must be at most total (10)`).
 *
 * Well-formed bodies (the usual case: tens of thousands of samples) take a
 * plain loop, about three times faster than zod; anything else goes through
 * zod, which names every field at fault. The loop accepts exactly what the
 * schema accepts (a property test pins it), so both paths give the same
 * result.
 *
 * @public
 */
export function parseSloSamplesRequest(body: unknown): SloSamplesRequest {
  return (
    sloSamplesFastPath(body) ??
    parseOrThrowInputError(sloSamplesRequestSchema, body)
  );
}

const SAMPLE_KEYS = new Set([
  'entityRef',
  'slo',
  'start',
  'durationSeconds',
  'good',
  'bad',
  'total',
  'value',
]);

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * The body itself when `sloSamplesRequestSchema` accepts it, else undefined
 * (then zod reports the problems). Not exported by the package; exported
 * from this file so that a property test pins it to the schema.
 *
 * @internal
 */
export function sloSamplesFastPath(
  body: unknown,
): SloSamplesRequest | undefined {
  const steps = fastPathSteps(body, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }
  }
}

/** Samples checked between two pauses of {@link parseSloSamplesRequestInSlices}. */
const SLICE = 2000;

/**
 * {@link parseSloSamplesRequest}, letting other work run while a large push
 * is checked: `pause` is awaited after every 2,000 samples (a server passes
 * one that lets its event loop turn, e.g. `setImmediate`). The same result
 * and the same messages. A body the plain loop is not sure of is parsed by
 * zod whole, as by {@link parseSloSamplesRequest}: only a body at fault
 * takes that path, and it ends in an `InputError`.
 *
 * @public
 */
export async function parseSloSamplesRequestInSlices(
  body: unknown,
  pause: () => Promise<void>,
): Promise<SloSamplesRequest> {
  const steps = fastPathSteps(body, SLICE);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return (
        step.value ?? parseOrThrowInputError(sloSamplesRequestSchema, body)
      );
    }
    await pause();
  }
}

/**
 * The checks of {@link sloSamplesFastPath}, yielding after every `slice`
 * samples; returns the body, or undefined where the schema might refuse it.
 */
function* fastPathSteps(
  body: unknown,
  slice: number,
): Generator<void, SloSamplesRequest | undefined, void> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return undefined;
  }
  const keys = Object.keys(body);
  const samples = (body as { samples?: unknown }).samples;
  if (
    keys.length !== 1 ||
    !Array.isArray(samples) ||
    samples.length === 0 ||
    samples.length > MAX_SLO_SAMPLES_PER_PUSH
  ) {
    return undefined;
  }
  const goodRefs = new Set<string>();
  let checked = 0;
  for (const s of samples) {
    if (checked > 0 && checked % slice === 0) {
      yield;
    }
    checked += 1;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      return undefined;
    }
    for (const key in s) {
      if (!SAMPLE_KEYS.has(key)) {
        return undefined;
      }
    }
    const { entityRef, slo, start, durationSeconds, good, bad, total, value } =
      s as Record<string, unknown>;
    if (
      typeof entityRef !== 'string' ||
      entityRef.length === 0 ||
      entityRef.length > MAX_ENTITY_REF_LENGTH
    ) {
      return undefined;
    }
    if (!goodRefs.has(entityRef)) {
      if (parseValidEntityRef(entityRef) === null) {
        return undefined;
      }
      goodRefs.add(entityRef);
    }
    if (
      typeof slo !== 'string' ||
      slo.length === 0 ||
      slo.length > SLO_SAMPLE_MAX_SLO_LENGTH ||
      !hasNoNulCharacter(slo) ||
      typeof start !== 'string' ||
      !SLO_SAMPLE_START_PATTERN.test(start) ||
      Number.isNaN(Date.parse(start)) ||
      typeof durationSeconds !== 'number' ||
      !Number.isInteger(durationSeconds) ||
      durationSeconds < 1 ||
      durationSeconds > SLO_SAMPLE_MAX_DURATION_SECONDS
    ) {
      return undefined;
    }
    if (value !== undefined) {
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        good !== undefined ||
        bad !== undefined ||
        total !== undefined
      ) {
        return undefined;
      }
      continue;
    }
    if (!isCount(total)) {
      return undefined;
    }
    if (good !== undefined) {
      if (bad !== undefined || !isCount(good) || good > total) {
        return undefined;
      }
    } else if (bad === undefined || !isCount(bad) || bad > total) {
      return undefined;
    }
  }
  return body as SloSamplesRequest;
}
