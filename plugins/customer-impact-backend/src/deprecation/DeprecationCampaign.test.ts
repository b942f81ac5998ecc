import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { createTestDatabases } from '../__testUtils__/databases';
import { DeprecationCampaign } from './DeprecationCampaign';
import { DatabaseDeprecationCampaignStore } from './DeprecationCampaignStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** payments-v1 (sunset 2027-03-31) and the components that consume it. */
function catalog(
  consumers: Array<[name: string, owner: string | null]>,
): Entity[] {
  const component = (name: string, owner: string | null): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production' },
    relations: [
      ...(owner ? [{ type: 'ownedBy', targetRef: owner }] : []),
      { type: 'consumesApi', targetRef: 'api:default/payments-v1' },
    ],
  });
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'payments-v1',
        namespace: 'default',
        title: 'Payments API v1',
        annotations: {
          'customer-impact/replaced-by': 'api:default/payments-v2',
          'customer-impact/sunset': '2027-03-31',
          'customer-impact/migration-guide': 'https://docs.example.com/migrate',
        },
      },
      spec: {
        type: 'openapi',
        lifecycle: 'deprecated',
        owner: 'group:platform',
      },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/platform' },
        ...consumers.map(([name]) => ({
          type: 'apiConsumedBy',
          targetRef: `component:default/${name}`,
        })),
      ],
    },
    // Not deprecated: a sunset annotation is what makes the campaign look.
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'payments-v2', namespace: 'default' },
      spec: {
        type: 'openapi',
        lifecycle: 'production',
        owner: 'group:platform',
      },
    },
    ...consumers.map(([name, owner]) => component(name, owner)),
  ];
}

const EVERYONE: Array<[string, string | null]> = [
  ['checkout', 'group:default/team-checkout'],
  ['billing', 'group:default/team-billing'],
  ['orphan', null],
];

describe.each(databases.eachSupportedId())(
  'DeprecationCampaign on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const sent: NotificationSendOptions[] = [];
      const notifications = {
        send: jest.fn(async (n: NotificationSendOptions) => void sent.push(n)),
      };
      /** A campaign as a new task instance builds it: a new store over the same database. */
      const campaign = async (entities: Entity[] = catalog(EVERYONE)) => {
        const store = await DatabaseDeprecationCampaignStore.create({
          database,
        });
        return {
          store,
          campaign: new DeprecationCampaign({
            catalog: catalogServiceMock({ entities }),
            auth: mockServices.auth(),
            notifications,
            store,
            logger: mockServices.logger.mock(),
            noticeDays: [90, 30, 7],
          }),
        };
      };
      const who = () =>
        sent.map(n => (n.recipients as { entityRef: string }).entityRef);
      return { campaign, sent, who, notifications };
    }

    // Sunset 2027-03-31. By hand: 90 days before is 2026-12-31 (31 days of
    // March + 28 of February + 31 of January = 90); 30 days before is
    // 2027-03-01; 7 days before is 2027-03-24; passed from 2027-04-01.

    it('tells each owner once at 90, 30 and 7 days and once passed; reruns and restarts send nothing more', async () => {
      const { campaign, sent, who } = await setup();
      const { campaign: first } = await campaign();

      // 91 days before: nothing is due.
      expect((await first.run(new Date('2026-12-30T10:00:00Z'))).sent).toBe(0);

      // 90 days before: both owned dependents' owners; the orphan has no one to tell.
      expect(await first.run(new Date('2026-12-31T00:30:00Z'))).toEqual({
        sent: 2,
        exempt: 0,
        unowned: 1,
        failed: 0,
      });
      expect(who()).toEqual([
        'group:default/team-billing',
        'group:default/team-checkout',
      ]);
      const checkout = sent.find(n =>
        n.payload.scope?.endsWith('component:default/checkout'),
      )!;
      expect(checkout.payload).toEqual({
        title:
          'Payments API v1 sunsets in 90 days (2027-03-31): checkout still depends on it',
        description: expect.stringContaining(
          'Migrate checkout to api:default/payments-v2. Migration guide: https://docs.example.com/migrate',
        ),
        link: '/catalog/default/api/payments-v1',
        severity: 'normal',
        topic: 'customer-impact-deprecation',
        scope:
          'customer-impact-deprecation:api:default/payments-v1:component:default/checkout',
      });

      // The same run an hour later sends nothing more.
      expect((await first.run(new Date('2026-12-31T01:30:00Z'))).sent).toBe(0);
      // A restart: a new task instance over the same database, a week later.
      const { campaign: restarted } = await campaign();
      expect((await restarted.run(new Date('2027-01-07T00:00:00Z'))).sent).toBe(
        0,
      );
      expect(sent).toHaveLength(2);

      // 31 days before: still the 90-day notice, already sent.
      expect((await restarted.run(new Date('2027-02-28T00:00:00Z'))).sent).toBe(
        0,
      );
      // 30 days before: the 30-day notice, once.
      expect((await restarted.run(new Date('2027-03-01T00:00:00Z'))).sent).toBe(
        2,
      );
      expect((await restarted.run(new Date('2027-03-01T05:00:00Z'))).sent).toBe(
        0,
      );
      expect(sent[3].payload.title).toBe(
        'Payments API v1 sunsets in 30 days (2027-03-31): checkout still depends on it',
      );

      // 7 days before.
      const { campaign: again } = await campaign();
      expect((await again.run(new Date('2027-03-24T00:00:00Z'))).sent).toBe(2);
      expect(sent[5].payload.severity).toBe('high');
      // The sunset day itself (0 days) is still the 7-day notice: nothing new.
      expect((await again.run(new Date('2027-03-31T12:00:00Z'))).sent).toBe(0);

      // Passed: once.
      expect((await again.run(new Date('2027-04-01T00:00:00Z'))).sent).toBe(2);
      expect(sent[7].payload.title).toBe(
        'Payments API v1 passed its sunset on 2027-03-31: checkout still depends on it',
      );
      const { campaign: later } = await campaign();
      expect((await later.run(new Date('2027-05-01T00:00:00Z'))).sent).toBe(0);
      expect(sent).toHaveLength(8);
    });

    it('does not tell a dependent that migrated', async () => {
      const { campaign, who } = await setup();
      const { campaign: before } = await campaign();
      await before.run(new Date('2026-12-31T00:00:00Z'));
      expect(who()).toEqual([
        'group:default/team-billing',
        'group:default/team-checkout',
      ]);

      // billing moved to v2: the catalog no longer relates it to payments-v1.
      const { campaign: after } = await campaign(
        catalog([['checkout', 'group:default/team-checkout']]),
      );
      expect((await after.run(new Date('2027-03-01T00:00:00Z'))).sent).toBe(1);
      expect(who().slice(2)).toEqual(['group:default/team-checkout']);
    });

    it('does not tell an exempt dependent until its exemption ends', async () => {
      const { campaign, who } = await setup();
      const { campaign: run, store } = await campaign();
      // checkout is exempt through 2027-03-05 (its last exempt day).
      await store.addExemption({
        entityRef: 'api:default/payments-v1',
        dependentRef: 'component:default/checkout',
        ownerRef: 'group:default/team-checkout',
        reason: 'Quarter-end freeze',
        until: '2027-03-05',
        recordedBy: 'user:default/ada',
        recordedAt: new Date('2026-12-01T00:00:00Z'),
      });

      expect(await run.run(new Date('2026-12-31T00:00:00Z'))).toEqual({
        sent: 1,
        exempt: 1,
        unowned: 1,
        failed: 0,
      });
      expect(who()).toEqual(['group:default/team-billing']);
      // 30 days before, still exempt: billing only.
      expect((await run.run(new Date('2027-03-01T00:00:00Z'))).sent).toBe(1);
      // The last exempt day: nothing.
      expect((await run.run(new Date('2027-03-05T23:00:00Z'))).sent).toBe(0);
      // The day after it ends, checkout's owner gets the notice due then (30 days), once.
      expect((await run.run(new Date('2027-03-06T00:00:00Z'))).sent).toBe(1);
      expect((await run.run(new Date('2027-03-06T01:00:00Z'))).sent).toBe(0);
      expect(who()).toEqual([
        'group:default/team-billing',
        'group:default/team-billing',
        'group:default/team-checkout',
      ]);
    });

    it('tries a failed notification again on the next run', async () => {
      const { campaign, notifications, sent } = await setup();
      notifications.send.mockRejectedValueOnce(
        new Error('notifications backend down'),
      );
      const { campaign: run } = await campaign();
      const first = await run.run(new Date('2026-12-31T00:00:00Z'));
      expect(first).toEqual(expect.objectContaining({ sent: 1, failed: 1 }));
      expect((await run.run(new Date('2026-12-31T01:00:00Z'))).sent).toBe(1);
      expect(sent).toHaveLength(2);
      expect((await run.run(new Date('2026-12-31T02:00:00Z'))).sent).toBe(0);
    });
  },
);
