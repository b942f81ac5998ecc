import { Document, LineCounter } from 'yaml';
import { z } from 'zod';
import {
  fixedDurationSeconds,
  isCalendarUnit,
  parseSloDuration,
} from './duration';
import {
  DefinitionProblem,
  SloAlertPolicy,
  SloDataSource,
  SloDefinition,
} from './types';

// The parts the OpenSLO parser (openslo.ts) and the Sloth parser (sloth.ts)
// share: names and durations, and problems that point at a line and a field.

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1123_MESSAGE =
  "must be an RFC 1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit";

/** Paths like `spec.objectives[0].target`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out ? `.${part}` : part;
    }
  }
  return out;
}

export const rfc1123Name = z
  .string({ required_error: 'is required' })
  .max(63, RFC1123_MESSAGE)
  .regex(RFC1123_LABEL, RFC1123_MESSAGE);

export const metadataSchema = z
  .object({
    name: rfc1123Name,
    displayName: z.string().optional(),
  })
  .passthrough();

export const durationSchema = z.string().refine(
  text => parseSloDuration(text) !== null,
  text => ({
    message: `invalid duration "${text}": expected a positive whole number and one of m h d w M Q Y (e.g. 5m, 30d, 1M)`,
  }),
);

export const fixedDurationSchema = durationSchema.refine(
  text => {
    const parsed = parseSloDuration(text);
    return parsed === null || !isCalendarUnit(parsed.unit);
  },
  text => ({
    message: `"${text}" is a calendar duration (M, Q, Y have no fixed length): use m, h, d or w`,
  }),
);

/** A problem before the file's name is added to it. */
export type Problem = Omit<DefinitionProblem, 'source'>;

/** The YAML document being read, for line numbers and problems. */
export interface DocumentContext {
  index: number;
  doc: Document.Parsed;
  lines: LineCounter;
  kind: string | null;
  name: string | null;
  /**
   * The object's place in the document: `[]` for a document that is one
   * object, `[i]` for item i of a document whose top level is a list.
   * Every problem's path starts with it.
   */
  prefix: ReadonlyArray<string | number>;
  /** i of `prefix` `[i]`, or null. */
  itemIndex: number | null;
}

export function lineOf(
  ctx: DocumentContext,
  relative: ReadonlyArray<string | number>,
): number | null {
  const path = [...ctx.prefix, ...relative];
  for (let n = path.length; n >= 0; n--) {
    const node = ctx.doc.getIn(path.slice(0, n), true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node && typeof node === 'object' && node.range) {
      return ctx.lines.linePos(node.range[0]).line || null;
    }
  }
  return null;
}

export function problem(
  ctx: DocumentContext,
  severity: 'error' | 'warning',
  path: ReadonlyArray<string | number>,
  message: string,
  overrides: Partial<Problem> = {},
): Problem {
  return {
    severity,
    documentIndex: ctx.index,
    ...(ctx.itemIndex === null ? {} : { itemIndex: ctx.itemIndex }),
    line: lineOf(ctx, path),
    kind: ctx.kind,
    name: ctx.name,
    path: formatPath([...ctx.prefix, ...path]),
    message,
    ...overrides,
  };
}

export function zodProblems(
  ctx: DocumentContext,
  error: z.ZodError,
  prefix: ReadonlyArray<string | number> = [],
  overrides: Partial<Problem> = {},
): Problem[] {
  return error.issues.map(issue => {
    const path = [...prefix, ...issue.path];
    const field = formatPath([...ctx.prefix, ...path]);
    return problem(
      ctx,
      'error',
      path,
      field ? `${field} ${issue.message}` : issue.message,
      overrides,
    );
  });
}

/** Seconds of a duration the schema has already checked to be fixed. */
export function secondsOf(text: string): number {
  return fixedDurationSeconds(parseSloDuration(text)!)!;
}

/** What the parsers add to while they read a file. */
export interface ParsedDefinitions {
  problems: Problem[];
  slos: SloDefinition[];
  dataSources: SloDataSource[];
  alertPolicies: SloAlertPolicy[];
}

/**
 * The value with every mapping entry whose value is null removed, at any
 * depth: in YAML an optional field written without a value (`alertPolicies:`,
 * `spec:`, `connectionDetails:`) is null, and is read as absent. A required
 * field left empty is then reported as required. Items of lists are kept
 * (a null item is reported where it is).
 */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(dropNulls);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== null) {
        out[key] = dropNulls(item);
      }
    }
    return out;
  }
  return value;
}

/** The origin fields of an object read in `ctx`. */
export function originOf(
  ctx: DocumentContext,
  source: string,
): { source: string; documentIndex: number; itemIndex?: number } {
  return {
    source,
    documentIndex: ctx.index,
    ...(ctx.itemIndex === null ? {} : { itemIndex: ctx.itemIndex }),
  };
}
