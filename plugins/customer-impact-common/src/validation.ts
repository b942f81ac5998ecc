import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * One thing wrong with a request body: where (`events[3].openedAt`) and what
 * (`must be an ISO 8601 timestamp`).
 *
 * @public
 */
export interface ValidationProblem {
  /** Path into the body, e.g. `events[3].openedAt`; the root is `body`. */
  path: string;
  /** What is wrong, for a person to read; starts in lower case. */
  message: string;
}

/**
 * Options for turning validation problems into an `InputError`.
 *
 * @public
 */
export interface InputErrorOptions {
  /** How the root of the body is named in a path. Default `body`. */
  rootName?: string;
  /** At most this many problems are spelled out in the message. Default 10. */
  maxProblems?: number;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const DEFAULT_ROOT = 'body';
const DEFAULT_MAX_PROBLEMS = 10;

/**
 * Formats a path into a body the way a JavaScript reader would write it:
 * `['events', 3, 'openedAt']` becomes `events[3].openedAt`. Keys that are not
 * identifiers are quoted (`labels["team name"]`); the empty path is the root.
 *
 * @public
 */
export function formatValidationPath(
  path: ReadonlyArray<string | number>,
  rootName: string = DEFAULT_ROOT,
): string {
  if (path.length === 0) {
    return rootName;
  }
  let text = '';
  for (const [i, part] of path.entries()) {
    if (typeof part === 'number') {
      text += i === 0 ? `${rootName}[${part}]` : `[${part}]`;
    } else if (IDENTIFIER.test(part)) {
      text += i === 0 ? part : `.${part}`;
    } else {
      text +=
        i === 0
          ? `${rootName}[${JSON.stringify(part)}]`
          : `[${JSON.stringify(part)}]`;
    }
  }
  return text;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

function plural(count: number | bigint, word: string): string {
  return `${count} ${word}${Number(count) === 1 ? '' : 's'}`;
}

/**
 * A zod error map whose messages read as the second half of
 * `events[3].kind: must be one of "ticket", "page"`. Messages given in a schema
 * (`.refine(fn, 'must be ...')`, `ctx.addIssue({ message })`) take precedence.
 */
const readableErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') {
        return { message: 'is required' };
      }
      return {
        message: `must be ${withArticle(issue.expected)}, got ${
          issue.received
        }`,
      };
    case z.ZodIssueCode.invalid_literal:
      return {
        message: `must be ${describeValue(issue.expected)}, got ${describeValue(
          ctx.data,
        )}`,
      };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: 'is not a known field' };
    case z.ZodIssueCode.invalid_enum_value:
      return {
        message: `must be one of ${issue.options
          .map(o => describeValue(o))
          .join(', ')}, got ${describeValue(issue.received)}`,
      };
    case z.ZodIssueCode.invalid_union:
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: 'does not match any of the allowed forms' };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'array' || issue.type === 'set') {
        return {
          message: `must hold at least ${plural(issue.minimum, 'item')}`,
        };
      }
      if (issue.type === 'string') {
        return issue.minimum === 1
          ? { message: 'must not be empty' }
          : {
              message: `must be at least ${plural(
                issue.minimum,
                'character',
              )} long`,
            };
      }
      return {
        message: `must be ${issue.inclusive ? 'at least' : 'greater than'} ${
          issue.minimum
        }`,
      };
    case z.ZodIssueCode.too_big:
      if (issue.type === 'array' || issue.type === 'set') {
        return {
          message: `must hold at most ${plural(issue.maximum, 'item')}`,
        };
      }
      if (issue.type === 'string') {
        return {
          message: `must be at most ${plural(issue.maximum, 'character')} long`,
        };
      }
      return {
        message: `must be ${issue.inclusive ? 'at most' : 'less than'} ${
          issue.maximum
        }`,
      };
    case z.ZodIssueCode.invalid_string:
      return {
        message: `must be a valid ${
          typeof issue.validation === 'string' ? issue.validation : 'string'
        }`,
      };
    case z.ZodIssueCode.not_finite:
      return { message: 'must be a finite number' };
    case z.ZodIssueCode.invalid_date:
      return { message: 'must be a valid date' };
    default:
      return {
        message:
          ctx.defaultError.charAt(0).toLocaleLowerCase('en-US') +
          ctx.defaultError.slice(1),
      };
  }
};

/**
 * Lists the problems in a zod error, one per field, with readable paths.
 * An unknown key becomes a problem of its own path (`events[2].resolved_at: is
 * not a known field`).
 *
 * @public
 */
export function validationProblemsOf(
  error: z.ZodError,
  rootName: string = DEFAULT_ROOT,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) {
        problems.push({
          path: formatValidationPath([...issue.path, key], rootName),
          message: issue.message,
        });
      }
    } else {
      problems.push({
        path: formatValidationPath(issue.path, rootName),
        message: issue.message,
      });
    }
  }
  return problems;
}

/**
 * Builds the `InputError` (HTTP 400 through Backstage's error handler) for a
 * list of problems. The message is `path: message`, problems separated by
 * `; `, the first `maxProblems` spelled out and the rest counted.
 *
 * @public
 */
export function inputErrorFromProblems(
  problems: ReadonlyArray<ValidationProblem>,
  options: InputErrorOptions = {},
): InputError {
  const max = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  if (problems.length === 0) {
    return new InputError(`${options.rootName ?? DEFAULT_ROOT}: is invalid`);
  }
  const shown = problems
    .slice(0, max)
    .map(p => `${p.path}: ${p.message}`)
    .join('; ');
  const rest = problems.length - Math.min(max, problems.length);
  return new InputError(
    rest > 0 ? `${shown}; and ${plural(rest, 'more problem')}` : shown,
  );
}

/**
 * Turns a zod error into an `InputError` whose message names every field at
 * fault with its item index, e.g. `events[3].openedAt: must be an ISO 8601
 * timestamp`.
 *
 * @public
 */
export function inputErrorFromZodError(
  error: z.ZodError,
  options: InputErrorOptions = {},
): InputError {
  return inputErrorFromProblems(
    validationProblemsOf(error, options.rootName),
    options,
  );
}

/**
 * Parses `input` with `schema` and returns the parsed (transformed) value, or
 * throws an `InputError` naming each field at fault and its item index.
 * zod's own messages are replaced by readable ones ("is required", "must be a
 * string, got number"); messages a schema sets itself are kept.
 *
 * @public
 */
export function parseOrThrowInputError<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  options: InputErrorOptions = {},
): z.output<S> {
  const result = safeParseReadable(schema, input);
  if (!result.success) {
    throw inputErrorFromZodError(result.error, options);
  }
  return result.data;
}

/**
 * `schema.safeParse` with the readable messages of
 * {@link parseOrThrowInputError}: for callers that parse the items of a
 * batch one at a time and gather their issues into one error.
 *
 * @internal
 */
export function safeParseReadable<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): z.SafeParseReturnType<z.input<S>, z.output<S>> {
  return schema.safeParse(input, { errorMap: readableErrorMap });
}
