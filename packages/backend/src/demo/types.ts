import { LoggerService } from '@backstage/backend-plugin-api';

/** What a demo seeder gets: a way to call the Customer Impact API as a service. */
export interface DemoSeedContext {
  /** POSTs a JSON body to a path of the customer-impact API (e.g. `/v1/slo-samples`). */
  push(path: string, body: unknown): Promise<unknown>;
  /** GETs a path of the customer-impact API. */
  get(path: string): Promise<unknown>;
  /** The instant of this push: the data is computed up to it. */
  now: Date;
  /**
   * When the demo started. Each seeder's data is a pure function of `origin`
   * and `now`, so every push continues the same story.
   */
  origin: Date;
  /**
   * The `now` of this seeder's last successful push; undefined on the first
   * (which pushes the history).
   */
  since?: Date;
  logger: LoggerService;
}

/** A demo data generator: pushes data through the public API, as a user's CI would. */
export interface DemoSeeder {
  name: string;
  seed(context: DemoSeedContext): Promise<void>;
}
