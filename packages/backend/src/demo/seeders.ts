export type { DemoSeedContext, DemoSeeder } from './types';
import type { DemoSeeder } from './types';
import { supportSeeder } from './support';
import { sloDemoSeeder } from './slo';
import { journeysDemoSeeder } from './journeys';
import { deprecationDemoSeeder } from './deprecation';
import { changesDemoSeeder } from './changes';

/**
 * The demo's seeders, run at start and then every 5 minutes while the demo
 * runs. Each facet adds its own here.
 */
export const demoSeeders: DemoSeeder[] = [
  // First: a 5-minute bucket is pushed right after it ends.
  sloDemoSeeder,
  supportSeeder,
  journeysDemoSeeder,
  deprecationDemoSeeder,
  changesDemoSeeder,
];
