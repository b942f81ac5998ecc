import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { CustomerImpactAnnotationProcessor } from './CustomerImpactAnnotationProcessor';

const location = { type: 'url', target: 'https://example.com/catalog-info.yaml' };

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'legacy', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'deprecated', owner: 'group:platform' },
  };
}

async function process(entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const result = await new CustomerImpactAnnotationProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  return { result, emitted };
}

function errorMessages(emitted: CatalogProcessorResult[]) {
  return emitted.map(r => {
    expect(r.type).toBe('error');
    if (r.type !== 'error') throw new Error('not an error');
    expect(r.location).toEqual(location);
    expect(r.error.name).toBe('InputError');
    return r.error.message;
  });
}

describe('CustomerImpactAnnotationProcessor', () => {
  it('accepts valid annotations and returns the entity unchanged', async () => {
    const entity = component({
      'customer-impact/replaced-by': 'component:default/new-runner',
      'customer-impact/sunset': '2027-01-31',
      'customer-impact/migration-guide': 'https://example.com/migrate',
      'customer-impact/deprecation-reason': 'Unmaintained',
      'backstage.io/techdocs-ref': 'dir:.',
    });
    const { result, emitted } = await process(entity);
    expect(emitted).toEqual([]);
    expect(result).toBe(entity);
  });

  it('accepts the SLO annotations: definitions and the release gate', async () => {
    const { emitted } = await process(
      component({
        'customer-impact/openslo': './slos.yaml',
        'customer-impact/release-gate': 'ticket, min-budget:25%',
      }),
    );
    expect(emitted).toEqual([]);
  });

  it('ignores entities without customer-impact annotations', async () => {
    const { emitted } = await process(component({ 'github.com/project-slug': 'a/b' }));
    expect(emitted).toEqual([]);
  });

  it.each([
    ['customer-impact/sunset', 'end of Q1', 'customer-impact/sunset must be an ISO 8601 date (YYYY-MM-DD), got "end of Q1"'],
    ['customer-impact/sunset', '2027-13-01', 'customer-impact/sunset must be an ISO 8601 date (YYYY-MM-DD), got "2027-13-01"'],
    ['customer-impact/replaced-by', 'component:default/', 'customer-impact/replaced-by must be an entity ref such as "api:default/payments-v2", got "component:default/"'],
    ['customer-impact/replaced-by', 'legacy', 'customer-impact/replaced-by names the entity itself ("legacy"); name the entity that replaces it'],
    ['customer-impact/migration-guide', 'see the wiki', 'customer-impact/migration-guide must be an absolute http(s) URL, got "see the wiki"'],
    // eslint-disable-next-line no-script-url -- a script URL an author might write, refused
    ['customer-impact/migration-guide', 'javascript:alert(1)', 'customer-impact/migration-guide must be an absolute http(s) URL, got "javascript:alert(1)"'],
    ['customer-impact/deprecation-reason', '', 'customer-impact/deprecation-reason must not be empty; remove it or say why the entity is deprecated'],
  ])('reports %s = %j as a processing error naming the annotation', async (key, value, message) => {
    const { result, emitted } = await process(component({ [key]: value }));
    expect(errorMessages(emitted)).toEqual([message]);
    // never a crash: the entity is still returned
    expect(result.metadata.name).toBe('legacy');
  });

  it('reports an unknown key under the prefix as a likely typo', async () => {
    const { emitted } = await process(component({ 'customer-impact/sunet': '2027-01-31' }));
    expect(errorMessages(emitted)).toEqual([
      expect.stringContaining('Unknown annotation customer-impact/sunet'),
    ]);
  });

  it('reports every invalid annotation, one error each', async () => {
    const { emitted } = await process(
      component({
        'customer-impact/sunset': 'soon',
        'customer-impact/migration-guide': 'wiki',
      }),
    );
    const messages = errorMessages(emitted);
    expect(messages).toHaveLength(2);
    expect(messages.join('\n')).toContain('customer-impact/sunset');
    expect(messages.join('\n')).toContain('customer-impact/migration-guide');
  });
});
