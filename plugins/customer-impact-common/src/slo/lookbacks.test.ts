import { SLOTH_ALERT_RULES } from './alerting';
import {
  MAX_SLO_LOOKBACK_SECONDS,
  SLO_LOOKBACK_WINDOWS,
  sloLookbackSeconds,
} from './lookbacks';
import { computeSloStatus } from './status';
import { SloDefinition } from './types';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

const definition: SloDefinition = {
  key: 'availability',
  name: 'availability',
  displayName: null,
  description: null,
  service: 'checkout',
  target: 0.99,
  budgetingMethod: 'Occurrences',
  timeSliceTarget: null,
  timeSliceWindowSeconds: null,
  window: { kind: 'rolling', duration: '30d', durationSeconds: 30 * DAY },
  indicator: {
    kind: 'ratio',
    name: null,
    counter: false,
    good: null,
    bad: null,
    total: { query: 't', dataSourceRef: null, dataSourceType: null, spec: {} },
    dataSourceRef: null,
  },
  objectiveIndex: 0,
  objectiveName: null,
  alertPolicies: [],
  origin: { source: 'test.yaml', documentIndex: 0, format: 'openslo' },
};

describe('SLO lookback windows', () => {
  it('are 5m, 30m, 1h, 2h, 6h, 1d and 3d with the default table', () => {
    expect(SLO_LOOKBACK_WINDOWS).toEqual([
      5 * MINUTE,
      30 * MINUTE,
      HOUR,
      2 * HOUR,
      6 * HOUR,
      DAY,
      3 * DAY,
    ]);
    expect(MAX_SLO_LOOKBACK_SECONDS).toBe(3 * DAY);
  });

  it('are exactly the windows computeSloStatus reports a burn rate over', () => {
    const status = computeSloStatus(definition, [], Date.UTC(2026, 10, 21));
    expect(status.burnRates.map(b => b.seconds)).toEqual(SLO_LOOKBACK_WINDOWS);

    const custom = computeSloStatus(definition, [], Date.UTC(2026, 10, 21), {
      rules: SLOTH_ALERT_RULES,
      exhaustionLookbackSeconds: 4 * HOUR,
    });
    expect(custom.burnRates.map(b => b.seconds)).toEqual(
      sloLookbackSeconds({
        rules: SLOTH_ALERT_RULES,
        exhaustionLookbackSeconds: 4 * HOUR,
      }),
    );
    expect(custom.burnRates.map(b => b.seconds)).toContain(4 * HOUR);
  });
});
