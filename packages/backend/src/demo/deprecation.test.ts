import {
  BURNDOWN_HISTORY_DAYS,
  demoBurndownPoints,
  demoExemption,
  deprecationDemoSeeder,
} from './deprecation';

// The demo started on Saturday 21 Nov 2026.
const ORIGIN = new Date('2026-11-21T12:02:30Z');

describe('the demo burndown history', () => {
  const points = demoBurndownPoints(ORIGIN);

  it('covers the 12 weeks before the start day, one point per entity and day, never the start day', () => {
    expect(BURNDOWN_HISTORY_DAYS).toBe(84);
    for (const ref of [
      'api:default/payments-v1',
      'component:default/legacy-build-runner',
    ]) {
      const days = points.filter(p => p.entityRef === ref).map(p => p.date);
      expect(days).toHaveLength(84);
      expect(new Set(days).size).toBe(84);
      expect(days[0]).toBe('2026-08-29');
      expect(days[days.length - 1]).toBe('2026-11-20');
    }
    expect(points.every(p => /^\d{4}-\d{2}-\d{2}$/.test(p.date))).toBe(true);
  });

  it("burns down to the catalog's dependents of today (3 on payments-v1, 1 on the build runner)", () => {
    for (const [ref, first, last] of [
      ['api:default/payments-v1', 7, 3],
      ['component:default/legacy-build-runner', 4, 1],
    ] as const) {
      const counts = points
        .filter(p => p.entityRef === ref)
        .map(p => p.dependents);
      expect(counts[0]).toBe(first);
      expect(counts[counts.length - 1]).toBe(last);
      // Never goes up.
      expect(counts.every((c, i) => i === 0 || c <= counts[i - 1])).toBe(true);
    }
  });

  it('is a pure function of the start', () => {
    expect(demoBurndownPoints(new Date('2026-11-21T23:59:00Z'))).toEqual(
      points,
    );
  });
});

describe('the demo exemption', () => {
  it('exempts subscriptions-service from payments-v1 for 45 days, through the public API, once', async () => {
    // 21 Nov + 45 days: 9 days to 30 Nov, 31 to 31 Dec (40), 5 → 5 Jan 2027.
    expect(demoExemption(ORIGIN).request.until).toBe('2027-01-05');
    const pushed: Array<[string, unknown]> = [];
    // The backend's exemptions: what was pushed to the exemptions route.
    const recorded = () => ({
      exemptions: pushed
        .filter(([path]) => path.endsWith('/deprecation-exemptions'))
        .map(([, body]) => body),
    });
    const context = {
      push: async (path: string, body: unknown) => {
        pushed.push([path, body]);
        return {};
      },
      get: async () => recorded(),
      now: ORIGIN,
      origin: ORIGIN,
      logger: { info: () => {} } as any,
    };
    await deprecationDemoSeeder.seed(context);
    expect(pushed[0]).toEqual([
      '/v1/entities/api/default/payments-v1/deprecation-exemptions',
      expect.objectContaining({
        dependentRef: 'component:default/subscriptions-service',
        until: '2027-01-05',
      }),
    ]);
    expect(pushed[1][0]).toBe('/v1/deprecation-burndown');
    await deprecationDemoSeeder.seed({ ...context, since: ORIGIN });
    expect(pushed).toHaveLength(2);
    // A restart of the development server keeps the in-memory database and
    // seeds again from scratch: the exemption is not recorded twice.
    await deprecationDemoSeeder.seed({
      ...context,
      origin: new Date('2026-11-22T10:00:00Z'),
    });
    expect(recorded().exemptions).toHaveLength(1);
  });
});
