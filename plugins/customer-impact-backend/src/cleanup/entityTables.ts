/** A table of the plugin holding data about catalog entities, by one column. */
export interface EntityDataTable {
  table: string;
  /** The column naming the entity (lower-case ref). */
  column: string;
  /**
   * Tables whose rows belong to a row of this one, by a column holding its
   * `id`: removed with it (before it).
   */
  dependents?: ReadonlyArray<{ table: string; column: string }>;
  /**
   * The write counter (a one-row table) whose value keys answers kept in
   * memory from this table: bumped when rows are removed.
   */
  writeVersion?: string;
}

/**
 * Every table that holds data about a catalog entity, and its column: when
 * the catalog no longer has the entity, its rows are removed after the grace
 * period. A NEW TABLE WITH AN ENTITY COLUMN BELONGS HERE (a test compares
 * this list with the migrated schema). The rollup tables are not listed: the
 * rollups' whole pass drops what the catalog no longer has.
 */
export const ENTITY_DATA_TABLES: ReadonlyArray<EntityDataTable> = [
  {
    table: 'support_events',
    column: 'entity_ref',
    writeVersion: 'support_write_version',
  },
  { table: 'slo_definitions', column: 'entity_ref' },
  {
    // The SLI counts are stored by series id (see SloSampleStore).
    table: 'slo_series',
    column: 'entity_ref',
    dependents: [
      { table: 'slo_samples_fine', column: 'series_id' },
      { table: 'slo_samples_hourly', column: 'series_id' },
    ],
  },
  { table: 'slo_collection', column: 'entity_ref' },
  { table: 'slo_facets', column: 'entity_ref' },
  { table: 'slo_alert_states', column: 'entity_ref' },
  { table: 'slo_incidents', column: 'entity_ref' },
  {
    table: 'journey_events',
    column: 'journey_ref',
    writeVersion: 'journey_write_version',
  },
  {
    table: 'journey_feedback',
    column: 'journey_ref',
    writeVersion: 'journey_write_version',
  },
  { table: 'deprecation_snapshots', column: 'entity_ref' },
  { table: 'deprecation_exemptions', column: 'entity_ref' },
  { table: 'deprecation_exemptions', column: 'dependent_ref' },
  { table: 'deprecation_notices', column: 'entity_ref' },
  { table: 'deprecation_notices', column: 'dependent_ref' },
  { table: 'recorded_change_entities', column: 'entity_ref' },
];

/**
 * Columns that name an entity without the row being about it: the row stays
 * when that entity is gone (a support event names the journey step its
 * requester was on; the event is about its own entity).
 */
export const ENTITY_REFERENCES_KEPT: ReadonlyArray<string> = [
  'support_events.journey_ref',
];
