import { Entity } from '@backstage/catalog-model';
import { SupportEventSource } from '../supportSources';
import { mockSupportPullRequest, pullAndValidate } from './index';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout' },
};

describe('mockSupportPullRequest', () => {
  it('fills every field a source reads', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const request = mockSupportPullRequest({ now });
    expect(request.entities).toEqual([]);
    expect(request.cursor).toBeUndefined();
    expect(request.signal.aborted).toBe(false);
    // 12 weeks back, like the backend's first pull
    expect(request.since).toEqual(new Date('2026-08-29T12:00:00Z'));
    expect(() => request.logger.child({}).warn('dropped')).not.toThrow();

    const since = new Date('2026-11-14T00:00:00Z');
    expect(
      mockSupportPullRequest({ entities: [entity], since, cursor: 'c1' }),
    ).toMatchObject({ entities: [entity], since, cursor: 'c1' });
  });
});

describe('pullAndValidate', () => {
  const source = (events: unknown[]): SupportEventSource => ({
    id: 'tickets',
    pull: async () => ({
      events: events as any,
      cursor: '2026-11-21T12:00:00.000Z',
    }),
  });

  it('returns the events, the cursor and what the backend would store', async () => {
    const event = {
      source: 'Tickets',
      externalId: 'T-1',
      entityRef: 'component:checkout',
      kind: 'ticket',
      openedAt: '2026-11-16T10:00:00+01:00',
    };
    const result = await pullAndValidate(
      source([event, { ...event, entityRef: 'component:default/other' }]),
    );
    expect(result.events).toHaveLength(2);
    expect(result.cursor).toBe('2026-11-21T12:00:00.000Z');
    // normalised by the push schema; the second copy of T-1 is dropped
    expect(result.accepted).toEqual([
      {
        source: 'tickets',
        externalId: 'T-1',
        entityRef: 'component:default/checkout',
        kind: 'ticket',
        openedAt: '2026-11-16T09:00:00.000Z',
      },
    ]);
  });

  it('fails, naming each event the push schema refuses', async () => {
    await expect(
      pullAndValidate(
        source([
          {
            source: 'tickets',
            externalId: 'T-1',
            entityRef: 'component:default/checkout',
            kind: 'ticket',
            openedAt: '2026-11-16T09:00:00Z',
          },
          {
            source: 'tickets',
            externalId: 'T-2',
            entityRef: 'checkout',
            kind: 'ticket',
            openedAt: 'yesterday',
          },
        ]),
      ),
    ).rejects.toThrow(
      /^Support source tickets pulled 1 event\(s\) the push schema refuses:\nevents\[1\] \(externalId "T-2"\): /,
    );
  });
});
