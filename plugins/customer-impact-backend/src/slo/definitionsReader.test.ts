import { Entity } from '@backstage/catalog-model';
import { resolveSloLocation, sloLocationLink } from './definitionsReader';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', annotations },
    spec: {},
  };
}

describe('resolveSloLocation', () => {
  it('resolves a relative path against the catalog file of a url location', () => {
    const location = resolveSloLocation(
      entity({
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/checkout/blob/main/catalog-info.yaml',
        'customer-impact/openslo': './slos/checkout.yaml',
      }),
    );
    expect(location).toEqual({
      type: 'url',
      target: 'https://github.com/acme/checkout/blob/main/slos/checkout.yaml',
    });
    expect(sloLocationLink(location)).toBe(location.target);
  });

  it('falls back to the source location (a folder)', () => {
    expect(
      resolveSloLocation(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/acme/checkout/tree/main/',
          'customer-impact/openslo': 'slos/checkout.yaml',
        }),
      ),
    ).toEqual({
      type: 'url',
      target: 'https://github.com/acme/checkout/tree/main/slos/checkout.yaml',
    });
  });

  it('resolves against a file location, for entities registered from local files', () => {
    const location = resolveSloLocation(
      entity({
        'backstage.io/managed-by-location':
          'file:/srv/catalog/examples/entities.yaml',
        'customer-impact/openslo': '../slos/checkout.yaml',
      }),
    );
    expect(location).toEqual({
      type: 'file',
      target: '/srv/catalog/slos/checkout.yaml',
    });
    expect(sloLocationLink(location)).toBeNull();
  });

  it('uses an absolute URL as it is, with or without the url: prefix', () => {
    const target = 'https://slos.example.com/checkout.yaml';
    expect(
      resolveSloLocation(entity({ 'customer-impact/openslo': target })),
    ).toEqual({ type: 'url', target });
    expect(
      resolveSloLocation(
        entity({ 'customer-impact/openslo': `url:${target}` }),
      ),
    ).toEqual({
      type: 'url',
      target,
    });
  });

  it('refuses a local file for an entity that comes from a repository', () => {
    expect(() =>
      resolveSloLocation(
        entity({
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/checkout/blob/main/catalog-info.yaml',
          'customer-impact/openslo': 'file:///etc/passwd',
        }),
      ),
    ).toThrow('allowed only for entities registered from a local file');
  });

  it('says why a relative path cannot be resolved', () => {
    expect(() =>
      resolveSloLocation(
        entity({ 'customer-impact/openslo': './slos/checkout.yaml' }),
      ),
    ).toThrow(
      'customer-impact/openslo: "./slos/checkout.yaml" is a relative path, but the entity has no backstage.io/managed-by-location or backstage.io/source-location annotation to resolve it against',
    );
  });
});
