import { expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';

/**
 * The legacy frontend app (packages/app-legacy: `createApp` from
 * `@backstage/app-defaults`, a classic EntityPage) against the same demo
 * backend: the plugin's legacy exports, proven in a real legacy app.
 */
const SHOTS = `${__dirname}/../screenshots`;

test.use({ baseURL: process.env.E2E_LEGACY_APP_URL });

test('legacy app: an entity page shows the legacy exports (banner, deprecation, pain index, support load, SLOs)', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/api/payments-v1');
  await expect(
    page.getByRole('heading', { name: 'Payments API v1' }).first(),
  ).toBeVisible({ timeout: 90_000 });
  // The legacy app's own sidebar, with the plugin's pages.
  await expect(page.getByRole('link', { name: 'Golden paths' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Customer impact' }),
  ).toBeVisible();

  // EntityDeprecationBanner, through isDeprecationBannerRelevant.
  await expect(page.getByText('This API is deprecated')).toBeVisible();
  await expect(page.getByText(/Use Payments API v2 instead\./)).toBeVisible();
  // EntityDeprecationCard.
  await expect(
    page.getByText('Deprecation: who still depends on it'),
  ).toBeVisible();
  await expect(page.getByText('3 dependents still to migrate')).toBeVisible();
  // EntityPainIndexCard.
  const pain = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Pain index' })
    .first();
  await expect(pain.getByText(/^Last 4 weeks, computed/)).toBeVisible({
    timeout: 60_000,
  });
  // EntitySupportLoadCard: the demo pushes support events on payments-v1.
  await expect(
    page.getByText(/vs the 12-week median: [\d,]+ events?/).first(),
  ).toBeVisible({ timeout: 60_000 });
  // EntitySloCard: not set up on this API, and says how.
  const slos = page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.getByText('SLOs', { exact: true }) })
    .first();
  await expect(slos.getByText(/^No SLOs yet\./)).toBeVisible();
  await expect(slos.locator('pre').first()).toContainText(
    'customer-impact/openslo',
  );
  await page.screenshot({
    path: `${SHOTS}/legacy-entity-payments-v1.png`,
    fullPage: true,
  });

  // The Support tab (EntitySupportEventsContent) is a route of the EntityLayout.
  await page.getByRole('tab', { name: 'Support' }).click();
  await expect(page).toHaveURL(/payments-v1\/support$/);
  await expect(
    page.getByText(/^Support events(: the 100 most recent of \d+| \(\d+\))/),
  ).toBeVisible({ timeout: 60_000 });
});

test('legacy app: the Golden Paths page (GoldenPathsPage) lists the golden paths', async ({
  page,
}) => {
  await openAsGuest(page, '/golden-paths');
  await expect(
    page.getByRole('heading', { name: 'Golden paths' }).first(),
  ).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText('Ship your first service').first()).toBeVisible();
  const checklist = page.getByRole('list', {
    name: 'Checklist: Ship your first service',
  });
  await expect(checklist.getByRole('listitem')).toHaveCount(5);
  await expect(
    page.getByText(/First deploy to production: \d+ people stuck/),
  ).toBeVisible({ timeout: 60_000 });
  // Not a golden path.
  await expect(page.getByText('Take a payment from your product')).toHaveCount(
    0,
  );
  await page.screenshot({
    path: `${SHOTS}/legacy-golden-paths.png`,
    fullPage: true,
  });
});
