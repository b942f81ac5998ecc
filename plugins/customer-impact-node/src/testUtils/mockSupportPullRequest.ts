import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { SupportPullRequest } from '../supportSources';

/** A logger that drops everything; `child` returns itself. */
function silentLogger(): LoggerService {
  const logger: LoggerService = {
    error() {},
    warn() {},
    info() {},
    debug() {},
    child: () => logger,
  };
  return logger;
}

/**
 * Builds the {@link SupportPullRequest} the backend would hand a source, for
 * tests of a support-source module. Every field has a default: no entities,
 * `since` 12 weeks before `now` (default: the current time), no cursor, a signal that is never aborted and a
 * logger that drops everything (pass `mockServices.logger.mock()` to assert
 * on what the source logs).
 *
 * @public
 */
export function mockSupportPullRequest(
  options: {
    entities?: Entity[];
    since?: Date;
    cursor?: string;
    signal?: AbortSignal;
    logger?: LoggerService;
    /** What `since` defaults from; pass it to keep a test independent of when it runs. */
    now?: Date;
  } = {},
): SupportPullRequest {
  return {
    entities: options.entities ?? [],
    since:
      options.since ??
      new Date(
        (options.now ?? new Date()).getTime() - 12 * 7 * 24 * 3600 * 1000,
      ),
    cursor: options.cursor,
    signal: options.signal ?? new AbortController().signal,
    logger: options.logger ?? silentLogger(),
  };
}
