import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the running demo portal (`yarn start`), in the
 * system's Chromium (Debian's `chromium` package): Playwright's own browser
 * download is not used. Screenshots are written to e2e/screenshots/.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  globalSetup: './globalSetup.ts',
  outputDir: './test-results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../.test-results/e2e.json' }]],
  use: {
    baseURL: 'http://localhost:3000',
    viewport: { width: 1440, height: 1000 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // The demo portal exactly as the README starts it (frontend and backend).
    command: 'yarn start',
    cwd: '..',
    url: 'http://127.0.0.1:7007/.backstage/health/v1/readiness',
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
