import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseDeprecationCampaignStore } from './DeprecationCampaignStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseDeprecationCampaignStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return DatabaseDeprecationCampaignStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    }

    const base = {
      entityRef: 'API:default/Payments-v1',
      dependentRef: 'component:default/billing',
      ownerRef: 'group:default/team-billing',
      recordedBy: 'user:default/ada',
    };

    it('keeps every exemption as its own record, newest first, and says which hold', async () => {
      const store = await createStore();
      const first = await store.addExemption({
        ...base,
        reason: 'Freeze',
        until: '2027-01-31',
        recordedAt: new Date('2026-12-01T10:00:00Z'),
      });
      await store.addExemption({
        ...base,
        reason: 'Freeze extended',
        until: '2027-02-28',
        recordedAt: new Date('2027-01-20T10:00:00Z'),
      });
      expect(first).toEqual({
        id: expect.any(String),
        entityRef: 'api:default/payments-v1',
        dependentRef: 'component:default/billing',
        ownerRef: 'group:default/team-billing',
        reason: 'Freeze',
        until: '2027-01-31',
        recordedAt: '2026-12-01T10:00:00.000Z',
        active: true,
      });

      const list = await store.listExemptions(
        'api:default/payments-v1',
        new Date('2027-02-01T00:00:00Z'),
      );
      expect(list.map(e => [e.reason, e.until, e.active])).toEqual([
        ['Freeze extended', '2027-02-28', true],
        ['Freeze', '2027-01-31', false],
      ]);
      expect(list[0].id).not.toBe(list[1].id);
      expect(JSON.stringify(list)).not.toContain('ada');
    });

    it('finds the dependents exempt on a day, through the last exempt day', async () => {
      const store = await createStore();
      await store.addExemption({
        ...base,
        reason: 'Freeze',
        until: '2027-01-31',
        recordedAt: new Date('2026-12-01T10:00:00Z'),
      });
      const exempt = (iso: string) =>
        store.exemptDependents('api:default/payments-v1', new Date(iso));
      expect(await exempt('2027-01-31T23:59:59Z')).toEqual(
        new Set(['component:default/billing']),
      );
      expect(await exempt('2027-02-01T00:00:00Z')).toEqual(new Set());
      expect(
        await store.exemptDependents(
          'api:default/other',
          new Date('2027-01-01T00:00:00Z'),
        ),
      ).toEqual(new Set());
    });

    it('records a notice once per dependent, sunset date and notice', async () => {
      const store = await createStore();
      const notice = {
        entityRef: 'api:default/payments-v1',
        dependentRef: 'Component:default/Billing',
        sunset: '2027-03-31',
        notice: 'days-90',
        ownerRef: 'group:default/team-billing',
        sentAt: new Date('2026-12-31T00:00:00Z'),
      };
      await store.recordNotice(notice);
      await store.recordNotice({
        ...notice,
        sentAt: new Date('2026-12-31T01:00:00Z'),
      });
      expect(
        await store.notifiedDependents(
          'api:default/payments-v1',
          '2027-03-31',
          'days-90',
        ),
      ).toEqual(new Set(['component:default/billing']));
      expect(
        await store.notifiedDependents(
          'api:default/payments-v1',
          '2027-03-31',
          'days-30',
        ),
      ).toEqual(new Set());
      // A new sunset date re-arms the notices.
      expect(
        await store.notifiedDependents(
          'api:default/payments-v1',
          '2027-06-30',
          'days-90',
        ),
      ).toEqual(new Set());
    });
  },
);
