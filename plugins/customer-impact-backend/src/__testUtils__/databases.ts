import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * Every store test runs on SQLite and on PostgreSQL. The test command sets
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to a running server.
 */
export function createTestDatabases() {
  return TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
}
