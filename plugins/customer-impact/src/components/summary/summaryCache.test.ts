import {
  CustomerImpactApi,
  EntityCustomerImpactSummary,
} from '@customer-impact/plugin-customer-impact-common';
import {
  SUMMARY_TTL_MS,
  invalidateEntitySummary,
  summaryEntry,
} from './summaryCache';

const REF = 'component:default/checkout';

function apiReturning(...answers: Array<unknown>) {
  const getEntitySummary = jest.fn();
  for (const answer of answers) {
    if (answer instanceof Error) getEntitySummary.mockRejectedValueOnce(answer);
    else getEntitySummary.mockResolvedValueOnce(answer);
  }
  return {
    api: { getEntitySummary } as unknown as CustomerImpactApi,
    getEntitySummary,
  };
}

const summary = (generatedAt: string) =>
  ({ entityRef: REF, generatedAt } as EntityCustomerImpactSummary);

/** Loads the entity's summary as a card does and waits for it. */
async function load(api: CustomerImpactApi) {
  const entry = summaryEntry(api, REF);
  if (!entry.isFresh(Date.now())) entry.load();
  await entry.inFlight;
  return entry.snapshot;
}

describe('summaryCache', () => {
  let now = Date.parse('2026-11-21T12:00:00Z');
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shares one request in flight among the cards', async () => {
    const { api, getEntitySummary } = apiReturning(summary('a'));
    const first = summaryEntry(api, REF);
    first.load();
    const second = summaryEntry(api, REF);
    second.load();
    expect(second).toBe(first);
    await first.inFlight;
    expect(first.snapshot.value?.generatedAt).toBe('a');
    expect(getEntitySummary).toHaveBeenCalledTimes(1);
  });

  it('reuses a loaded summary for the TTL, then loads it again', async () => {
    const { api, getEntitySummary } = apiReturning(summary('a'), summary('b'));
    expect((await load(api)).value?.generatedAt).toBe('a');
    now += SUMMARY_TTL_MS - 1;
    expect((await load(api)).value?.generatedAt).toBe('a');
    expect(getEntitySummary).toHaveBeenCalledTimes(1);
    now += 1;
    expect((await load(api)).value?.generatedAt).toBe('b');
    expect(getEntitySummary).toHaveBeenCalledTimes(2);
  });

  it('never reuses a failed request', async () => {
    const { api, getEntitySummary } = apiReturning(
      new Error('backend down'),
      summary('a'),
    );
    expect((await load(api)).error?.message).toBe('backend down');
    expect((await load(api)).value?.generatedAt).toBe('a');
    expect(getEntitySummary).toHaveBeenCalledTimes(2);
  });

  it('forgets the summary on invalidation, and keeps each API apart', async () => {
    const one = apiReturning(summary('a'), summary('b'));
    const other = apiReturning(summary('x'));
    await load(one.api);
    await load(other.api);
    invalidateEntitySummary(one.api, REF);
    expect((await load(one.api)).value?.generatedAt).toBe('b');
    expect((await load(other.api)).value?.generatedAt).toBe('x');
    expect(one.getEntitySummary).toHaveBeenCalledTimes(2);
    expect(other.getEntitySummary).toHaveBeenCalledTimes(1);
  });

  it('reloads at once, keeping the old figures meanwhile, for a card on screen', async () => {
    const { api, getEntitySummary } = apiReturning(summary('a'), summary('b'));
    const entry = summaryEntry(api, REF);
    entry.load();
    await entry.inFlight;
    const seen: Array<string | undefined> = [];
    const listener = jest.fn((s: { value?: EntityCustomerImpactSummary }) =>
      seen.push(s.value?.generatedAt),
    );
    entry.listeners.add(listener);
    invalidateEntitySummary(api);
    expect(entry.snapshot).toEqual({ loading: true, value: summary('a') });
    await entry.inFlight;
    expect(entry.snapshot).toEqual({ loading: false, value: summary('b') });
    expect(seen).toEqual(['a', 'b']);
    expect(getEntitySummary).toHaveBeenCalledTimes(2);
  });
});
