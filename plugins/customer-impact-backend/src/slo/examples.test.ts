import { parseSloDefinitions } from '@customer-impact/plugin-customer-impact-common';
import { promises as fs } from 'fs';
import path from 'path';

const EXAMPLES = path.resolve(__dirname, '../../../../examples/slos');

describe('the demo SLO definitions in examples/slos', () => {
  it.each([
    ['payments-service.yaml', ['payments-availability'], 0],
    [
      'checkout-web.yaml',
      [
        'checkout-availability',
        'checkout-latency',
        'checkout-journey',
        'checkout-journey:0',
        'checkout-journey:1',
      ],
      0,
    ],
    ['billing-service.yaml', ['invoice-runs', 'invoice-render-time'], 0],
    ['search-service.yaml', ['search-availability'], 0],
    ['subscriptions-service.yaml', ['subscriptions-renewals'], 0],
  ])('%s parses without errors', async (file, names, warnings) => {
    const text = await fs.readFile(path.join(EXAMPLES, file), 'utf8');
    const result = parseSloDefinitions(text, `./slos/${file}`);
    expect(result.problems.filter(p => p.severity === 'error')).toEqual([]);
    expect(result.problems.filter(p => p.severity === 'warning')).toHaveLength(
      warnings,
    );
    expect(result.slos.map(s => s.key)).toEqual(names);
    expect(result.slos.every(s => s.indicator.kind !== 'unsupported')).toBe(
      true,
    );
  });
});
