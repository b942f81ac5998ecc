import { expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';

const SHOTS = `${__dirname}/../screenshots`;

test('a platform entity says what new hires go through there: time against expected, self-service, reading', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/legacy-build-runner');
  const line = page.getByTestId('new-hires-here');
  // The deploy on the legacy build runner is the new hires' slowest step here.
  await expect(line).toHaveText(
    /^New hires: [\d.,]+× the expected time at First deploy to production · \d+ % on their own · \d+ docs and \d+ concepts to read by then/,
    { timeout: 60_000 },
  );
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: 'Journeys that pass through here' })
    .first();
  await expect(
    card.getByText(/^Self-service: \d+ % of those who completed/).first(),
  ).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${SHOTS}/onboarding-new-hires-card.png` });
});

test('the journey map shows self-service per step, reading up to each step, and the trend per start month', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/journey/first-service/journey');
  const deploy = page.getByTestId('journey-step-first-deploy');
  await expect(deploy).toContainText(
    /Self-service: \d+ % of those who completed/,
    {
      timeout: 60_000,
    },
  );
  await expect(deploy).toContainText(
    /To read by here: \d+ docs and \d+ concepts/,
  );
  await expect(
    page.getByText('Time to first success and self-service by start month'),
  ).toBeVisible();
  await expect(
    page.getByRole('columnheader', { name: 'Self-service' }),
  ).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/onboarding-journey-map.png`,
    fullPage: true,
  });
});
