import { expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';

const SHOTS = `${__dirname}/../screenshots`;

test('an entity shows its pain index explained term by term, each term linking to its facet', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/payments-service');
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Pain index' })
    .first();
  await expect(card.getByText(/^Last 4 weeks, computed/)).toBeVisible({
    timeout: 60_000,
  });
  // "42 = 20 from 6.7 pages a week + …": the total, then named terms.
  const explanation = card.locator('p').filter({ hasText: / = / }).first();
  await expect(explanation).toContainText(/^\d+(\.\d)? = \d+(\.\d)? from /);
  // "1 page a week" when the last 4 weeks held exactly 4 (early on a Monday).
  await expect(explanation).toContainText(/pages? a week/);
  // The pages term links to the entity's support tab.
  const pages = card.getByRole('link', { name: /from [\d.]+ pages? a week/ });
  await expect(pages).toHaveAttribute(
    'href',
    '/catalog/default/component/payments-service/support',
  );
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${SHOTS}/pain-index-card.png` });
  await pages.click();
  await expect(page).toHaveURL(/payments-service\/support$/);
});

test('the Customer Impact page ranks the group tree by pain, with consuming teams, deprecations and the trend', async ({
  page,
}) => {
  await openAsGuest(page, '/customer-impact');
  // The guest is in the platform team: the picker starts there.
  await expect(page.getByLabel('Group')).toHaveValue(/Platform/i, {
    timeout: 60_000,
  });
  const hurts = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Where it hurts' })
    .first();
  // The rollup task runs 25 s after the demo starts; reload until it has.
  await expect(async () => {
    await page.reload();
    await expect(
      hurts
        .locator('a[href="/catalog/default/component/payments-service"]')
        .first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  // The tree has three levels (acme > platform > platform-data): the
  // platform data team's database is in the platform team's rollup.
  await expect(page.getByText(/and 1 group below it/)).toBeVisible();
  await expect(
    hurts.locator('a[href="/catalog/default/resource/payments-db"]').first(),
  ).toBeVisible();
  const rows = hurts.locator('tbody tr');
  await expect(rows.first()).toContainText(/ = [\d.]+ from /);
  const consumers = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Internal customers hurting most' })
    .first();
  await expect(
    consumers.locator('a[href="/catalog/default/group/team-checkout"]').first(),
  ).toBeVisible();
  await expect(consumers.getByText(/points/).first()).toBeVisible();
  const deprecations = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Deprecations' })
    .first();
  await expect(
    deprecations.locator('a[href="/catalog/default/api/payments-v1"]').first(),
  ).toBeVisible();
  const trend = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Pain over 12 weeks' })
    .first();
  await expect(trend.locator('.recharts-bar-rectangle').first()).toBeVisible();
  // The demo's recorded change on payments-v2, with its relief per team:
  // the Checkout team relieved, the Billing team not.
  const changes = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Recorded changes and their relief' })
    .first();
  await expect(
    changes.getByText('Self-service API keys for payments-v2'),
  ).toBeVisible();
  await expect(
    changes.getByText(/Checkout team: 3\.0 → 0\.3 tickets a week/),
  ).toBeVisible();
  await expect(
    changes.getByText(/Billing team: 1\.0 → 1\.0 tickets a week/),
  ).toBeVisible();
  // The page scrolls inside Backstage's layout: each section on its own too.
  for (const [card, name] of [
    [consumers, 'consumers'],
    [deprecations, 'deprecations'],
    [changes, 'changes'],
  ] as const) {
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({
      path: `${SHOTS}/customer-impact-page-${name}.png`,
    });
  }
  await hurts.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${SHOTS}/customer-impact-page.png`,
    fullPage: true,
  });
});

test('a Group page links to the Customer Impact page of that group', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/group/platform');
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Customer impact of this group' })
    .first();
  await expect(card.getByText(/^Pain: /)).toBeVisible({ timeout: 60_000 });
  await card.screenshot({ path: `${SHOTS}/group-customer-impact-card.png` });
  await card
    .getByRole('link', { name: 'Open the Customer Impact page' })
    .first()
    .click();
  await expect(page).toHaveURL(
    /\/customer-impact\?group=group%3Adefault%2Fplatform/,
  );
  await expect(
    page.locator('[class*="MuiCardHeader-title"]', {
      hasText: 'Where it hurts',
    }),
  ).toBeVisible();
});
