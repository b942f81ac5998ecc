import {
  parseSupportEventBatch,
  SupportEvent,
} from '@customer-impact/plugin-customer-impact-common';
import { SupportEventSource, SupportPullRequest } from '../supportSources';
import { mockSupportPullRequest } from './mockSupportPullRequest';

/**
 * What {@link pullAndValidate} returns.
 *
 * @public
 */
export interface ValidatedSupportPull {
  /** The events exactly as the source returned them. */
  events: Awaited<ReturnType<SupportEventSource['pull']>>['events'];
  cursor?: string;
  /**
   * What the backend would store: every event normalised by the push schema,
   * and of two events with the same `source` and `externalId` only the first
   * (as the backend keeps it).
   */
  accepted: SupportEvent[];
}

/**
 * Runs one pull of a support source and checks every event against the push
 * schema (`parseSupportEventBatch` of the common package), one event at a
 * time as the backend does. The backend skips and logs an invalid event; in
 * a test that is a bug of the source, so this throws and names each
 * offending event by index and `externalId`, with the schema's reason.
 *
 * @example
 * ```ts
 * const { accepted, cursor } = await pullAndValidate(
 *   source,
 *   mockSupportPullRequest({ entities: [myComponent] }),
 * );
 * ```
 *
 * @public
 */
export async function pullAndValidate(
  source: SupportEventSource,
  request: SupportPullRequest = mockSupportPullRequest(),
): Promise<ValidatedSupportPull> {
  const result = await source.pull(request);
  if (!Array.isArray(result?.events)) {
    throw new Error(
      `Support source ${
        source.id
      }: pull() must return { events: [...] }, got ${JSON.stringify(result)}`,
    );
  }
  const accepted: SupportEvent[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  result.events.forEach((raw, index) => {
    try {
      const [event] = parseSupportEventBatch({ events: [raw] });
      const key = JSON.stringify([event.source, event.externalId]);
      if (!seen.has(key)) {
        seen.add(key);
        accepted.push(event);
      }
    } catch (e) {
      problems.push(
        `events[${index}] (externalId ${JSON.stringify(
          (raw as { externalId?: unknown })?.externalId,
        )}): ${(e as Error).message}`,
      );
    }
  });
  if (problems.length > 0) {
    throw new Error(
      `Support source ${source.id} pulled ${
        problems.length
      } event(s) the push schema refuses:\n${problems.join('\n')}`,
    );
  }
  return { events: result.events, cursor: result.cursor, accepted };
}
