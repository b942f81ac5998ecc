import { DatabaseService } from '@backstage/backend-plugin-api';
import { SloAlertState } from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { num, numOrNull } from './rows';

const INCIDENTS = 'slo_incidents';

/** One incident: a continuous period of an SLO in page or ticket. */
export interface SloIncident {
  /** Undefined before it was first saved. */
  id?: number;
  entityRef: string;
  slo: string;
  sloName: string;
  startedAt: number;
  endedAt: number | null;
  /** Last evaluated state: page, ticket, or no-data during a gap. */
  state: SloAlertState;
  stateSince: number;
  evaluatedAt: number;
  consumersNotifiedAt: number | null;
}

/** Storage of SLO incidents (table `slo_incidents`). */
export interface SloIncidentStore {
  /** The open incidents of one entity, by SLO key. */
  openIncidents(entityRef: string): Promise<Map<string, SloIncident>>;
  /** The open incidents of any of these entities. */
  openIncidentsOf(entityRefs: readonly string[]): Promise<SloIncident[]>;
  /** Inserts a new incident or updates a saved one (by id); returns it with its id. */
  saveIncident(incident: SloIncident): Promise<SloIncident>;
  /** Ends the open incidents of entities not in `entityRefs` (they have no SLOs any more). */
  endIncidentsExcept(
    entityRefs: readonly string[],
    nowMs: number,
  ): Promise<number>;
}

/** {@link SloIncidentStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseSloIncidentStore implements SloIncidentStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSloIncidentStore> {
    return new DatabaseSloIncidentStore(
      await applyDatabaseMigrations(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  async openIncidents(entityRef: string): Promise<Map<string, SloIncident>> {
    const rows = await this.db(INCIDENTS)
      .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
      .whereNull('ended_at');
    return new Map(rows.map(r => [r.slo, fromRow(r)]));
  }

  async openIncidentsOf(entityRefs: readonly string[]): Promise<SloIncident[]> {
    const refs = [
      ...new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US'))),
    ];
    const out: SloIncident[] = [];
    for (let i = 0; i < refs.length; i += 500) {
      const rows = await this.db(INCIDENTS)
        .whereIn('entity_ref', refs.slice(i, i + 500))
        .whereNull('ended_at')
        .orderBy([{ column: 'started_at' }, { column: 'id' }]);
      out.push(...rows.map(fromRow));
    }
    return out;
  }

  async saveIncident(incident: SloIncident): Promise<SloIncident> {
    const row = {
      entity_ref: incident.entityRef.toLocaleLowerCase('en-US'),
      slo: incident.slo,
      slo_name: incident.sloName,
      started_at: incident.startedAt,
      ended_at: incident.endedAt,
      state: incident.state,
      state_since: incident.stateSince,
      evaluated_at: incident.evaluatedAt,
      consumers_notified_at: incident.consumersNotifiedAt,
    };
    if (incident.id !== undefined) {
      await this.db(INCIDENTS).where('id', incident.id).update(row);
      return incident;
    }
    const [inserted] = await this.db(INCIDENTS).insert(row, ['id']);
    const id = typeof inserted === 'object' ? inserted.id : inserted;
    return { ...incident, id: Number(id) };
  }

  async endIncidentsExcept(
    entityRefs: readonly string[],
    nowMs: number,
  ): Promise<number> {
    const keep = new Set(entityRefs.map(r => r.toLocaleLowerCase('en-US')));
    const open: Array<{ id: number; entity_ref: string }> = await this.db(
      INCIDENTS,
    )
      .whereNull('ended_at')
      .select('id', 'entity_ref');
    const gone = open.filter(r => !keep.has(r.entity_ref)).map(r => r.id);
    for (let i = 0; i < gone.length; i += 500) {
      await this.db(INCIDENTS)
        .whereIn('id', gone.slice(i, i + 500))
        .update({ ended_at: nowMs });
    }
    return gone.length;
  }
}

function fromRow(r: any): SloIncident {
  return {
    id: Number(r.id),
    entityRef: r.entity_ref,
    slo: r.slo,
    sloName: r.slo_name,
    startedAt: num(r.started_at),
    endedAt: numOrNull(r.ended_at),
    state: r.state,
    stateSince: num(r.state_since),
    evaluatedAt: num(r.evaluated_at),
    consumersNotifiedAt: numOrNull(r.consumers_notified_at),
  };
}
