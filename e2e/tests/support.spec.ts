import { expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';

const SHOTS = `${__dirname}/../screenshots`;

test('a component shows its support load against the 12-week median', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/payments-service');
  await expect(
    page.getByRole('heading', { name: 'Payments service' }).first(),
  ).toBeVisible();

  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Support load' })
    .first();
  // The demo seeder pushes its history a few seconds after start. Early on a
  // Monday this week may hold a single event ("1 event").
  await expect(
    card.getByText(/vs the 12-week median: \d+ events?/),
  ).toBeVisible({ timeout: 60_000 });
  const kinds = card.getByRole('table', {
    name: 'This week against the 12-week median',
  });
  await expect(kinds.getByRole('row')).toHaveCount(5);
  await expect(kinds.getByRole('row').nth(2)).toContainText('Pages');
  // The seeded bad shift: 3 pages on Monday morning, the last at 09:00 UTC
  // (the demo pushes nothing before it happens, and pushes every 5 minutes).
  // Earlier on a Monday this week's shifts are still within the limit; in
  // the minutes after 09:00 the last page may or may not be in yet.
  const HOUR = 3_600_000;
  const sinceMonday = (Date.now() - 4 * 86_400_000) % (7 * 86_400_000);
  const overTheLimit = card.getByText(/^Over the limit/);
  const badShift = card.getByText(
    /^Over the limit: 3 pages in the shift of Mon/,
  );
  if (sinceMonday >= 9 * HOUR + 15 * 60_000) {
    await expect(badShift).toBeVisible();
  } else if (sinceMonday < 9 * HOUR) {
    await expect(overTheLimit).toHaveCount(0);
  } else {
    // Whichever it is, nothing but the seeded bad shift is over the limit.
    await expect(overTheLimit).toHaveCount(await badShift.count());
  }
  await expect(
    card.getByText(/Pages per 12-hour on-call shift this week:/),
  ).toBeVisible();
  await expect(
    card.getByText(
      /^Long tail: \d+ % of \d+ events fall outside the top 3 categories/,
    ),
  ).toBeVisible();
  await expect(card.getByText(/access \(\d+\)/)).toBeVisible();
  await expect(
    card.getByText(/^Median time to resolve: .+ over \d+ resolved events/),
  ).toBeVisible();
  await expect(
    card.getByText(/^Window: .* Sources: jira, pagerduty\. Last updated/),
  ).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${SHOTS}/support-card-payments-service.png` });

  // The tab lists the recent events, linking to their source.
  // The entity page's tab row: "Overview", ..., "Support".
  await page.getByText('Support', { exact: true }).first().click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-service\/support$/,
  );
  await expect(
    page.getByText(/^Support events(: the 100 most recent of \d+| \(\d+\))/),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /error rate above 2 %/ }).first(),
  ).toHaveAttribute('href', /^https:\/\/acme\.pagerduty\.com\/incidents\/PAY-/);
  await page.screenshot({
    path: `${SHOTS}/support-tab-payments-service.png`,
    fullPage: true,
  });
});

test('the long tail dominates on the legacy build runner', async ({ page }) => {
  await openAsGuest(page, '/catalog/default/component/legacy-build-runner');
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Support load' })
    .first();
  await expect(card.getByText(/the long tail dominates/)).toBeVisible({
    timeout: 60_000,
  });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({
    path: `${SHOTS}/support-card-legacy-build-runner.png`,
  });
});

test('the platform team sees its internal customers hurting most', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/group/platform');
  await expect(
    page.getByRole('heading', { name: 'Platform team' }).first(),
  ).toBeVisible();
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Internal customers hurting most' })
    .first();
  await expect(
    card.getByText(
      /^\d consuming teams, \d+ events, last 12 weeks and this week/,
    ),
  ).toBeVisible({
    timeout: 60_000,
  });
  const rows = card.getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(5); // 4 teams and the events without a team
  // Checkout raises the most: it leans on payments-service.
  await expect(rows.nth(0)).toContainText('Checkout team');
  await expect(rows.nth(0)).toContainText('Payments service');
  await expect(rows.nth(4)).toContainText('team not known');
  await expect(
    rows
      .nth(0)
      .getByRole('link', {
        name: /PAY-|Rate limit|Service account|Webhook|error rate|escalated|Refund|currency/,
      })
      .first(),
  ).toHaveAttribute('href', /^https:\/\//);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${SHOTS}/support-group-platform.png` });
  await page.screenshot({
    path: `${SHOTS}/support-group-platform-page.png`,
    fullPage: true,
  });
});
