import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the running demo portal (`yarn start`), in the
 * system's Chromium (Debian's `chromium` package): Playwright's own browser
 * download is not used. Screenshots are written to e2e/screenshots/.
 */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Ports of the demo under test: 3000 (frontend) and 7007 (backend) unless
 * E2E_APP_PORT / E2E_BACKEND_PORT say otherwise, so that two work trees can
 * each run their own demo; the ports reach the demo as APP_CONFIG_ overrides.
 */
const appPort = process.env.E2E_APP_PORT ?? '3000';
const backendPort = process.env.E2E_BACKEND_PORT ?? '7007';
/** The legacy frontend app (packages/app-legacy), against the same backend. */
const legacyPort = process.env.E2E_LEGACY_APP_PORT ?? '3001';
process.env.E2E_BACKEND_URL = `http://127.0.0.1:${backendPort}`;
process.env.E2E_LEGACY_APP_URL = `http://localhost:${legacyPort}`;
const defaultPorts =
  appPort === '3000' && backendPort === '7007' && legacyPort === '3001';
const portEnv = defaultPorts
  ? ''
  : [
      `APP_CONFIG_app_baseUrl=http://localhost:${appPort}`,
      `APP_CONFIG_backend_baseUrl=http://localhost:${backendPort}`,
      `APP_CONFIG_backend_listen_port=${backendPort}`,
      // Both frontends call the backend.
      `APP_CONFIG_backend_cors_origin='["http://localhost:${appPort}","http://localhost:${legacyPort}"]'`,
    ].join(' ') + ' ';
const legacyPortEnv = defaultPorts
  ? ''
  : [
      `APP_CONFIG_app_baseUrl=http://localhost:${legacyPort}`,
      `APP_CONFIG_backend_baseUrl=http://localhost:${backendPort}`,
    ].join(' ') + ' ';

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
    baseURL: `http://localhost:${appPort}`,
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
  webServer: [
    {
      // The demo portal exactly as the README starts it (frontend and backend).
      command: `${portEnv}yarn start`,
      cwd: '..',
      url: `http://127.0.0.1:${backendPort}/.backstage/health/v1/readiness`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The legacy frontend app, as the README starts it (`yarn start:legacy`).
      command: `${legacyPortEnv}yarn start:legacy`,
      cwd: '..',
      url: `http://localhost:${legacyPort}`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
