import { bucketCountQuery, isBareSelector } from './query';

describe('bucketCountQuery', () => {
  it('wraps a bare counter selector in increase() over the bucket and sums its series', () => {
    expect(bucketCountQuery('http_requests_total', 300)).toBe(
      'sum(increase(http_requests_total[300s]))',
    );
    expect(
      bucketCountQuery(' http_requests_total{code!~"5..", path="/{id}"} ', 60),
    ).toBe(
      'sum(increase(http_requests_total{code!~"5..", path="/{id}"}[60s]))',
    );
    expect(bucketCountQuery('{__name__="requests_total"}', 60)).toBe(
      'sum(increase({__name__="requests_total"}[60s]))',
    );
  });

  it('sends any other query as written, with {{.window}} replaced by the bucket', () => {
    expect(
      bucketCountQuery(
        'sum(increase(http_requests_total{code=~"5.."}[{{ .window }}]))',
        300,
      ),
    ).toBe('sum(increase(http_requests_total{code=~"5.."}[300s]))');
    expect(bucketCountQuery('sum(my_bucket_counts)', 300)).toBe(
      'sum(my_bucket_counts)',
    );
  });

  it('does not take expressions for selectors', () => {
    expect(isBareSelector('rate(x[5m])')).toBe(false);
    expect(isBareSelector('x + y')).toBe(false);
    expect(isBareSelector('x{a="1"} / 2')).toBe(false);
    expect(isBareSelector('x[5m]')).toBe(false);
    expect(isBareSelector('')).toBe(false);
  });
});
