import { Entity } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import {
  daysToSunset,
  dependencyRefsOf,
  dependentRefsOf,
  parseIsoDate,
  readDeprecationAnnotations,
} from './annotations';

function api(
  annotations: Record<string, string>,
  lifecycle = 'production',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'payments-v1', namespace: 'default', annotations },
    spec: { type: 'openapi', lifecycle, owner: 'group:platform' },
  };
}

describe('readDeprecationAnnotations', () => {
  it('reads a fully annotated deprecated API', () => {
    const result = readDeprecationAnnotations(
      api(
        {
          'customer-impact/replaced-by': 'payments-v2',
          'customer-impact/sunset': '2027-03-31',
          'customer-impact/migration-guide': 'https://docs.example.com/migrate',
          'customer-impact/deprecation-reason': '  Replaced by the v2 API  ',
        },
        'deprecated',
      ),
    );
    expect(result).toEqual({
      deprecated: true,
      // a ref without a kind takes the deprecated entity's kind
      replacedBy: 'api:default/payments-v2',
      sunset: '2027-03-31',
      migrationGuide: 'https://docs.example.com/migrate',
      reason: 'Replaced by the v2 API',
      problems: [],
    });
  });

  it('treats lifecycle case-insensitively and a sunset alone as deprecation', () => {
    expect(readDeprecationAnnotations(api({}, 'Deprecated')).deprecated).toBe(
      true,
    );
    expect(
      readDeprecationAnnotations(
        api({ 'customer-impact/sunset': '2027-01-01' }),
      ).deprecated,
    ).toBe(true);
    expect(readDeprecationAnnotations(api({})).deprecated).toBe(false);
  });

  it('keeps an explicit kind in replaced-by', () => {
    expect(
      readDeprecationAnnotations(
        api({ 'customer-impact/replaced-by': 'component:payments/ledger' }),
      ).replacedBy,
    ).toBe('component:payments/ledger');
  });

  it.each([
    ['customer-impact/sunset', 'next spring', 'must be an ISO 8601 date'],
    ['customer-impact/sunset', '2027-02-30', 'must be an ISO 8601 date'],
    [
      'customer-impact/sunset',
      '2027-03-31T00:00:00Z',
      'must be an ISO 8601 date',
    ],
    ['customer-impact/replaced-by', 'api:default/', 'must be an entity ref'],
    ['customer-impact/replaced-by', 'a:b:c/d', 'must be an entity ref'],
    [
      'customer-impact/replaced-by',
      'api:default/has spaces',
      'must be an entity ref',
    ],
    ['customer-impact/replaced-by', 'payments-v1', 'names the entity itself'],
    [
      'customer-impact/migration-guide',
      'docs/migrate.md',
      'absolute http(s) URL',
    ],
    [
      'customer-impact/migration-guide',
      'ftp://example.com/x',
      'absolute http(s) URL',
    ],
    ['customer-impact/deprecation-reason', '   ', 'must not be empty'],
  ])('reports %s = %j as a problem naming the annotation', (key, value, text) => {
    const result = readDeprecationAnnotations(api({ [key]: value }, 'deprecated'));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].annotation).toBe(key);
    expect(result.problems[0].message).toContain(key);
    expect(result.problems[0].message).toContain(text);
    // A value that is not blank is quoted back to the author.
    const quoted = result.problems[0].message.includes(`"${value}"`);
    expect(quoted).toBe(value.trim() !== '');
  });

  it('nulls only the invalid field and keeps the valid ones', () => {
    const result = readDeprecationAnnotations(
      api(
        {
          'customer-impact/sunset': 'soon',
          'customer-impact/replaced-by': 'api:default/payments-v2',
        },
        'deprecated',
      ),
    );
    expect(result.sunset).toBeNull();
    expect(result.replacedBy).toBe('api:default/payments-v2');
    expect(result.deprecated).toBe(true);
  });
});

describe('parseIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(parseIsoDate('2028-02-29')?.toISODate()).toBe('2028-02-29');
    expect(parseIsoDate('2027-02-29')).toBeNull();
    expect(parseIsoDate('2027-3-1')).toBeNull();
  });
});

describe('daysToSunset', () => {
  // Worked examples: March 2027 has 31 days, so 1 March -> 31 March is 30 days.
  it('counts whole UTC days to the sunset day', () => {
    expect(daysToSunset('2027-03-31', new Date('2027-03-01T00:00:00Z'))).toBe(
      30,
    );
    expect(daysToSunset('2027-03-31', new Date('2027-03-01T23:59:59Z'))).toBe(
      30,
    );
    expect(daysToSunset('2027-03-31', new Date('2027-03-31T12:00:00Z'))).toBe(
      0,
    );
    expect(daysToSunset('2027-03-31', new Date('2027-04-01T00:00:00Z'))).toBe(
      -1,
    );
  });

  it('uses the UTC day of a zoned clock', () => {
    // 01:00 in Helsinki (UTC+2) on 1 March is still 28 February in UTC: 31 days.
    const now = DateTime.fromISO('2027-03-01T01:00:00', {
      zone: 'Europe/Helsinki',
    });
    expect(daysToSunset('2027-03-31', now)).toBe(31);
  });

  it('spans a leap day', () => {
    expect(daysToSunset('2028-03-01', new Date('2028-02-28T10:00:00Z'))).toBe(
      2,
    );
  });

  it('is null without a valid date', () => {
    expect(daysToSunset(null, new Date())).toBeNull();
    expect(daysToSunset('tomorrow', new Date())).toBeNull();
  });
});

describe('relations', () => {
  const entity: Entity = {
    ...api({}),
    relations: [
      { type: 'apiConsumedBy', targetRef: 'component:default/checkout' },
      { type: 'apiConsumedBy', targetRef: 'component:default/billing' },
      { type: 'dependencyOf', targetRef: 'component:default/checkout' },
      { type: 'dependsOn', targetRef: 'resource:default/payments-db' },
      { type: 'consumesApi', targetRef: 'api:default/fx-rates' },
      { type: 'ownedBy', targetRef: 'group:default/platform' },
    ],
  };

  it('finds dependents through dependencyOf and apiConsumedBy, once each', () => {
    expect(dependentRefsOf(entity)).toEqual([
      'component:default/billing',
      'component:default/checkout',
    ]);
  });

  it('finds dependencies through dependsOn and consumesApi', () => {
    expect(dependencyRefsOf(entity)).toEqual([
      'api:default/fx-rates',
      'resource:default/payments-db',
    ]);
  });
});
