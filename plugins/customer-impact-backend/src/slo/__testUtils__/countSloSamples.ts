import { Knex } from 'knex';
import { num } from '../rows';
import { SLO_FINE_TABLE, SLO_HOURLY_TABLE } from '../SloSampleStore';

/** How many fine and hourly buckets the database holds (tests only). */
export async function countSloSamples(
  knex: Knex,
): Promise<{ fine: number; hourly: number }> {
  const [{ f }] = await knex(SLO_FINE_TABLE).count({ f: '*' });
  const [{ h }] = await knex(SLO_HOURLY_TABLE).count({ h: '*' });
  return { fine: num(f), hourly: num(h) };
}
