import { LoggerService } from '@backstage/backend-plugin-api';
import { supportSeeder } from './support';
import { sloDemoSeeder } from './slo';
import { journeysDemoSeeder } from './journeys';

/** What a demo seeder gets: a way to call the Customer Impact API as a service. */
export interface DemoSeedContext {
  /** POSTs a JSON body to a path of the customer-impact API (e.g. `/v1/slo-samples`). */
  push(path: string, body: unknown): Promise<unknown>;
  /** GETs a path of the customer-impact API. */
  get(path: string): Promise<unknown>;
  now: Date;
  logger: LoggerService;
}

/** A demo data generator: pushes data through the public API, as a user's CI would. */
export interface DemoSeeder {
  name: string;
  seed(context: DemoSeedContext): Promise<void>;
}

/**
 * The demo's seeders, run once at start. Each facet adds its own here.
 */
export const demoSeeders: DemoSeeder[] = [supportSeeder, sloDemoSeeder, journeysDemoSeeder];
