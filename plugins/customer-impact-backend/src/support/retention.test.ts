import { ConfigReader } from '@backstage/config';
import { readSupportRetentionMs } from './SupportRetentionTask';

const DAY = 24 * 3600 * 1000;

describe('customerImpact.support.retention', () => {
  it('is absent by default (events kept for ever), at least 13 weeks when set', () => {
    expect(readSupportRetentionMs(new ConfigReader({}))).toBeUndefined();
    const read = (retention: object) =>
      readSupportRetentionMs(
        new ConfigReader({ customerImpact: { support: { retention } } }),
      );
    expect(read({ weeks: 13 })).toBe(91 * DAY);
    expect(read({ days: 400 })).toBe(400 * DAY);
    expect(() => read({ weeks: 12 })).toThrow(
      'customerImpact.support.retention must be at least 13 weeks',
    );
  });
});
