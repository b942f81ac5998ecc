import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  DeprecationExemption,
  isExemptionActive,
} from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';

const EXEMPTIONS = 'deprecation_exemptions';
const NOTICES = 'deprecation_notices';

/** An exemption to record. */
export interface NewDeprecationExemption {
  entityRef: string;
  dependentRef: string;
  ownerRef: string | null;
  reason: string;
  /** Last exempt UTC day, `YYYY-MM-DD`. */
  until: string;
  /** User entity ref or service subject; stored, never returned. */
  recordedBy: string;
  recordedAt: Date;
}

/** A notice sent to the owner of a dependent. */
export interface SentDeprecationNotice {
  entityRef: string;
  dependentRef: string;
  sunset: string;
  /** `days-<n>` or `passed`. */
  notice: string;
  ownerRef: string;
  sentAt: Date;
}

/**
 * Storage of deprecation campaigns: exemptions (history, never overwritten)
 * and the notices already sent.
 */
export interface DeprecationCampaignStore {
  /** Adds an exemption; an earlier one for the same dependent stays as it was. */
  addExemption(
    exemption: NewDeprecationExemption,
  ): Promise<DeprecationExemption>;
  /** Every exemption of the deprecated entity, newest first, `active` at `now`. */
  listExemptions(entityRef: string, now: Date): Promise<DeprecationExemption[]>;
  /** The dependents of the deprecated entity with an exemption that holds at `now`. */
  exemptDependents(entityRef: string, now: Date): Promise<Set<string>>;
  /** The dependents already sent `notice` about this sunset date. */
  notifiedDependents(
    entityRef: string,
    sunset: string,
    notice: string,
  ): Promise<Set<string>>;
  /** Records a sent notice (sending it again later is a no-op). */
  recordNotice(notice: SentDeprecationNotice): Promise<void>;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** {@link DeprecationCampaignStore} on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseDeprecationCampaignStore
  implements DeprecationCampaignStore
{
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDeprecationCampaignStore> {
    const client = await applyDatabaseMigrations(options.database);
    return new DatabaseDeprecationCampaignStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async addExemption(
    exemption: NewDeprecationExemption,
  ): Promise<DeprecationExemption> {
    const row = {
      entity_ref: lower(exemption.entityRef),
      dependent_ref: lower(exemption.dependentRef),
      owner_ref: exemption.ownerRef ? lower(exemption.ownerRef) : null,
      reason: exemption.reason,
      until: exemption.until,
      recorded_by: exemption.recordedBy,
      recorded_at: exemption.recordedAt.getTime(),
    };
    const [inserted] = await this.db(EXEMPTIONS).insert(row, ['id']);
    const id = typeof inserted === 'object' ? inserted.id : inserted;
    return this.exemptionFromRow({ ...row, id }, exemption.recordedAt);
  }

  async listExemptions(
    entityRef: string,
    now: Date,
  ): Promise<DeprecationExemption[]> {
    const rows = await this.db(EXEMPTIONS)
      .where('entity_ref', lower(entityRef))
      .orderBy([
        { column: 'recorded_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(r => this.exemptionFromRow(r, now));
  }

  async exemptDependents(entityRef: string, now: Date): Promise<Set<string>> {
    const today = now.toISOString().slice(0, 10);
    const rows: Array<{ dependent_ref: string }> = await this.db(EXEMPTIONS)
      .where('entity_ref', lower(entityRef))
      .andWhere('until', '>=', today)
      .distinct('dependent_ref');
    return new Set(rows.map(r => r.dependent_ref));
  }

  async notifiedDependents(
    entityRef: string,
    sunset: string,
    notice: string,
  ): Promise<Set<string>> {
    const rows: Array<{ dependent_ref: string }> = await this.db(NOTICES)
      .where({ entity_ref: lower(entityRef), sunset, notice })
      .select('dependent_ref');
    return new Set(rows.map(r => r.dependent_ref));
  }

  async recordNotice(notice: SentDeprecationNotice): Promise<void> {
    await this.db(NOTICES)
      .insert({
        entity_ref: lower(notice.entityRef),
        dependent_ref: lower(notice.dependentRef),
        sunset: notice.sunset,
        notice: notice.notice,
        owner_ref: lower(notice.ownerRef),
        sent_at: notice.sentAt.getTime(),
      })
      .onConflict(['entity_ref', 'dependent_ref', 'sunset', 'notice'])
      .ignore();
  }

  private exemptionFromRow(row: any, now: Date): DeprecationExemption {
    return {
      id: String(row.id),
      entityRef: row.entity_ref,
      dependentRef: row.dependent_ref,
      ownerRef: row.owner_ref ?? null,
      reason: row.reason,
      until: row.until,
      recordedAt: new Date(Number(row.recorded_at)).toISOString(),
      active: isExemptionActive(row.until, now),
    };
  }
}
