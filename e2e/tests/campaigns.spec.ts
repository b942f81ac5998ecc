import { expect, test } from '@playwright/test';
import { reloadUntilVisible } from './live';
import { openAsGuest } from './signIn';

const SHOTS = `${__dirname}/../screenshots`;

test('a deprecated API shows its ideal line, whether it is on track, and the exemption recorded through the API', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/api/payments-v1');
  await expect(
    page.getByText('Deprecation: who still depends on it'),
  ).toBeVisible();
  // The backend counts today's dependents ~20 s after start; the imported
  // history begins 12 weeks before the demo's start with 7 dependents.
  await reloadUntilVisible(page, p => p.getByTestId('deprecation-ideal'));
  await expect(page.getByTestId('deprecation-ideal')).toContainText(
    /^Ideal line: from 7 dependents on .+ to 0 at the sunset on Mar 31, 2027; it allows [\d.]+ on .+, and 3 are left\./,
  );
  // On track or behind depends on the day the demo runs (the sunset is fixed).
  await expect(page.getByTestId('deprecation-verdict')).toHaveText(
    /^(On track: at this pace the last dependent leaves on .+, by the sunset on Mar 31, 2027\.|Behind: at this pace the last dependent leaves on .+, after the sunset on Mar 31, 2027\.)$/,
  );
  // The demo records one exemption through POST .../deprecation-exemptions.
  const dependents = page
    .getByRole('table')
    .filter({ hasText: 'Owner (internal customer)' });
  const subscriptions = dependents
    .getByRole('row')
    .filter({ hasText: 'Subscriptions service' });
  await expect(subscriptions).toContainText(
    /exempt until \w{3} \d{1,2}, \d{4}/,
  );
  await expect(
    page.getByText('Exemptions (1 recorded, newest first)'),
  ).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Renewals are frozen' }),
  ).toContainText(
    /Subscriptions service exempt until .+ \(holds\): Renewals are frozen until the January billing run/,
  );
  await page.getByTestId('deprecation-ideal').scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${SHOTS}/campaign-payments-v1-ideal-line-exemption.png`,
    fullPage: true,
  });
});

test('a consumer of the paging payments service shows the burning dependency', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/checkout-web');
  await expect(
    page.getByRole('heading', { name: 'Checkout web' }).first(),
  ).toBeVisible();
  // The alert task evaluates SLOs 45 s after start, then every 5 minutes.
  await reloadUntilVisible(page, p =>
    p.getByText(
      /A dependency is burning its error budget: Payments service, page since/,
    ),
  );
  await expect(
    page.getByText(
      /Payments service: SLO .+ in page since .+, reached through Payments API v1\./,
    ),
  ).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/blast-radius-checkout-web.png`,
    fullPage: true,
  });
});

test("the paging SLO's card lists the internal customers affected", async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/payments-service');
  await reloadUntilVisible(page, p =>
    p.getByTestId('internal-customers-affected'),
  );
  await expect(page.getByTestId('internal-customers-affected')).toContainText(
    'Internal customers affected: 3 consuming teams through 4 consumers',
  );
  await expect(
    page.getByText(/affects 3 consuming teams/).first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/blast-radius-payments-service.png`,
    fullPage: true,
  });
});
