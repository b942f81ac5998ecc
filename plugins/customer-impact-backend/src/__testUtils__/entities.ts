import { Entity } from '@backstage/catalog-model';

/**
 * A small catalog as the catalog backend returns it (relations included):
 * payments-v1 is deprecated and consumed by checkout and billing; checkout
 * also depends on the deprecated legacy-runner, which has no sunset.
 */
export function demoCatalog(): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'payments-v1',
        namespace: 'default',
        annotations: {
          'customer-impact/replaced-by': 'api:default/payments-v2',
          'customer-impact/sunset': '2027-03-31',
          'customer-impact/migration-guide': 'https://docs.example.com/migrate',
          'customer-impact/deprecation-reason': 'v2 has idempotency keys',
        },
      },
      spec: { type: 'openapi', lifecycle: 'deprecated', owner: 'group:platform' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/platform' },
        { type: 'apiConsumedBy', targetRef: 'component:default/checkout' },
        { type: 'apiConsumedBy', targetRef: 'component:default/billing' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'payments-v2', namespace: 'default' },
      spec: { type: 'openapi', lifecycle: 'production', owner: 'group:platform' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'legacy-runner',
        namespace: 'default',
        annotations: { 'customer-impact/sunset': '2026-12-31' },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'group:platform' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/platform' },
        { type: 'dependencyOf', targetRef: 'component:default/checkout' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', namespace: 'default' },
      spec: { type: 'website', lifecycle: 'production', owner: 'group:team-checkout' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
        { type: 'consumesApi', targetRef: 'api:default/payments-v1' },
        { type: 'dependsOn', targetRef: 'component:default/legacy-runner' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'billing', namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner: 'group:team-billing' },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-billing' },
        { type: 'consumesApi', targetRef: 'api:default/payments-v1' },
      ],
    },
  ];
}
