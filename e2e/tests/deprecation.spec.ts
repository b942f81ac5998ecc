import { expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';

const SHOTS = `${__dirname}/../screenshots`;

test('a deprecated API shows the banner, its dependents and the burndown', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/api/payments-v1');
  await expect(
    page.getByRole('heading', { name: 'Payments API v1' }).first(),
  ).toBeVisible();

  const banner = page.getByText('This API is deprecated');
  await expect(banner).toBeVisible();
  // Entity links show the entity's title.
  await expect(page.getByText(/Use Payments API v2 instead\./)).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Payments API v2' }).first(),
  ).toHaveAttribute('href', '/catalog/default/api/payments-v2');
  await expect(page.getByText(/Sunset on/).first()).toBeVisible();
  await expect(page.getByText(/days left/).first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: /Read the migration guide/ }),
  ).toHaveAttribute(
    'href',
    'https://example.com/docs/payments/migrate-v1-to-v2',
  );

  const card = page.getByText('Deprecation: who still depends on it');
  await expect(card).toBeVisible();
  await expect(page.getByText('3 dependents still to migrate')).toBeVisible();
  const dependents = page
    .getByRole('table')
    .filter({ hasText: 'Owner (internal customer)' });
  const rows = dependents
    .getByRole('row')
    .filter({ has: page.getByRole('link') });
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Billing serviceBilling team');
  await expect(rows.nth(1)).toContainText('Checkout webCheckout team');
  await expect(rows.nth(2)).toContainText('Subscriptions serviceGrowth team');
  await expect(page.getByText(/Migration burndown/).first()).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/deprecated-api-payments-v1.png`,
    fullPage: true,
  });
});

test('a dependent shows what it still uses that is deprecated', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/subscriptions-service');
  await expect(
    page.getByRole('heading', { name: 'Subscriptions service' }).first(),
  ).toBeVisible();

  await expect(
    page.getByText('Depends on 2 deprecated entities'),
  ).toBeVisible();
  const items = page.getByRole('listitem').filter({ hasText: 'is deprecated' });
  await expect(items).toHaveCount(2);
  // Soonest sunset first: the build runner (31 Dec 2026), then payments v1.
  await expect(items.nth(0)).toContainText(
    'Legacy build runner is deprecated with no replacement named',
  );
  await expect(items.nth(1)).toContainText(
    'Payments API v1 is deprecated and replaced by Payments API v2',
  );
  await expect(items.nth(1)).toContainText('days left');
  await page.screenshot({
    path: `${SHOTS}/dependent-subscriptions-service.png`,
    fullPage: true,
  });
});

test('a deprecated component without a replacement says so', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/legacy-build-runner');
  await expect(page.getByText('This Component is deprecated')).toBeVisible();
  await expect(page.getByText(/No replacement is named/)).toBeVisible();
  await expect(page.getByText('1 dependent still to migrate')).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/deprecated-component-legacy-build-runner.png`,
    fullPage: true,
  });
});
