import { Page, expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';
import { reloadUntilVisible } from './live';

const SHOTS = `${__dirname}/../screenshots`;

const openEntityAsGuest = openAsGuest;

/** The SLO card of the entity page's overview. */
function sloCard(page: Page) {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('SLOs', { exact: true }) })
    .first();
}

test('a component with a fast burn shows its SLO card in page state', async ({
  page,
}) => {
  await openEntityAsGuest(page, '/catalog/default/component/payments-service');
  const card = sloCard(page);
  await expect(card).toBeVisible();
  // Demo data: 2 % errors against a 0.1 % budget since 50 minutes before the
  // demo started, pushed every 5 minutes. Right after a 5-minute bucket ends
  // (for a second or two, until the demo has pushed it) the last 5 minutes
  // hold no data: a later load shows the page state.
  await reloadUntilVisible(page, p => sloCard(p).getByText('1 SLO: 1 page'));
  await expect(card.getByTestId('slo-state-page')).toHaveText('page');
  await expect(
    card.getByText(
      /^SLI \d+\.\d+ % vs target 99\.9 % \(last 30 days, Occurrences\)$/,
    ),
  ).toBeVisible();
  await expect(card.getByText(/^Error budget: \d+\.\d % left$/)).toBeVisible();
  await expect(
    card.getByText(/^Burn rate: 5m \d+\.\d+× · 30m .* · 3d \d+\.\d+×\*?$/),
  ).toBeVisible();
  await expect(
    card.getByText(
      /^page: burn rate .* over 1h and .* over 5m, both above 14\.4×$/,
    ),
  ).toBeVisible();
  await expect(
    card.getByText(
      /^last data .* · window rolling 30d · computed .* · pushed$/,
    ),
  ).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${SHOTS}/slo-card.png` });
});

test('the SLO tab shows the burndown chart, the burn-rate table and the source', async ({
  page,
}) => {
  await openEntityAsGuest(page, '/catalog/default/component/payments-service');
  await page.getByRole('link', { name: 'SLOs', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-service\/slos$/,
  );
  await expect(
    page.getByText(/^Error budget burndown \(rolling 30d, /),
  ).toBeVisible();
  // recharts draws the burndown as an SVG with two lines (budget, even spend).
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await expect(page.locator('.recharts-line')).toHaveCount(2);
  const table = page.getByRole('table').filter({ hasText: 'Alert threshold' });
  await expect(table.getByRole('row')).toHaveCount(8); // header + 7 windows
  await expect(table.getByRole('row').filter({ hasText: /^1h/ })).toContainText(
    '14.4× (page, 1h + 5m)',
  );
  await expect(page.getByText(/^Definition: /)).toContainText(
    'payments-service.yaml',
  );
  await page.screenshot({ path: `${SHOTS}/slo-tab.png`, fullPage: true });
});

// Every test opens a fresh browser context and signs in as the guest.
test('a component with a slow burn shows ticket', async ({ page }) => {
  await openEntityAsGuest(page, '/catalog/default/component/billing-service');
  await expect(sloCard(page).getByTestId('slo-state-ticket')).toHaveText(
    'ticket',
  );
  await expect(
    sloCard(page).getByText(
      /^ticket: burn rate .* over 3d and .* over 6h, both above 1\.00×$/,
    ),
  ).toBeVisible();
});

test('a healthy component shows ok', async ({ page }) => {
  await openEntityAsGuest(page, '/catalog/default/component/checkout-web');
  // Availability (with its own AlertPolicy), latency, and the composite
  // checkout journey (its two objectives are listed within it).
  await expect(sloCard(page).getByText(/^3 SLOs: 3 ok$/)).toBeVisible();
  await expect(sloCard(page).getByTestId('slo-state-ok')).toHaveCount(3);
  await expect(
    sloCard(page).getByText(
      'Alerting rules: AlertPolicy checkout-paging (1 burn-rate condition) (the SRE Workbook table does not apply)',
    ),
  ).toBeVisible();
  await expect(
    sloCard(page).getByTestId('composite-checkout-journey'),
  ).toContainText('Payment step succeeds (weight 1)');
  await expect(sloCard(page).getByTestId('release-gate')).toContainText(
    'Release gate: open',
  );
});

test("a Sloth SLO whose paging is off opens a ticket by Sloth's own rule", async ({
  page,
}) => {
  await openEntityAsGuest(
    page,
    '/catalog/default/component/subscriptions-service',
  );
  const card = sloCard(page);
  await expect(card.getByTestId('slo-state-ticket')).toHaveText('ticket');
  await expect(
    card.getByText(
      /^ticket: burn rate .* over 1d and .* over 2h, both above 3\.00×$/,
    ),
  ).toBeVisible();
  await expect(
    card.getByText(
      /^Sloth alert SubscriptionsRenewalsFailing: page alert disabled/,
    ),
  ).toBeVisible();
});

test('a component without data says "no data", not 0 % or 100 %', async ({
  page,
}) => {
  await openEntityAsGuest(page, '/catalog/default/component/search-service');
  const card = sloCard(page);
  await expect(card.getByTestId('slo-state-no-data')).toHaveText('no data');
  await expect(card.getByText('Error budget: no data')).toBeVisible();
  await expect(card.getByText(/^SLI no data vs target/)).toBeVisible();
  await expect(card).not.toContainText(/\b(0|100)(\.0+)? %/);
  await card.screenshot({ path: `${SHOTS}/slo-card-no-data.png` });
});

test('a component without the annotation explains how to add SLOs', async ({
  page,
}) => {
  await openEntityAsGuest(page, '/catalog/default/component/refunds-worker');
  const card = sloCard(page);
  await expect(card.getByText(/^No SLOs yet\./)).toBeVisible();
  await expect(card.locator('pre').first()).toContainText(
    'customer-impact/openslo',
  );
});
