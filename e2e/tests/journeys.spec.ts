import { Page, expect, test } from '@playwright/test';
import { openAsGuest } from './signIn';
import { reloadUntilVisible } from './live';

const SHOTS = `${__dirname}/../screenshots`;

/** The demo pushes journey events a few seconds after start and keeps pushing: wait for them. */
async function waitForSeededFigures(page: Page, text: RegExp) {
  await reloadUntilVisible(page, p => p.getByText(text).first());
}

/** The number in "Stuck reports: N" of a step card. */
async function stuckReports(page: Page, stepId: string): Promise<number> {
  const text = await page.getByTestId(`journey-step-${stepId}`).innerText();
  const match = text.match(/Stuck reports: ([\d,]+)/);
  if (!match) {
    throw new Error(`No measured stuck reports on ${stepId}: ${text}`);
  }
  return Number(match[1].replace(/,/g, ''));
}

test('the Golden Paths page lists golden paths with time to complete and where people get stuck', async ({
  page,
}) => {
  await openAsGuest(page, '/golden-paths');
  // The first page after start can wait for the frontend bundle on a busy machine.
  await expect(
    page.getByRole('heading', { name: 'Golden paths' }).first(),
  ).toBeVisible({
    timeout: 90_000,
  });
  // The page is in the sidebar.
  await expect(
    page.getByRole('link', { name: 'Golden paths' }).first(),
  ).toBeVisible();
  await waitForSeededFigures(page, /people stuck/);

  await expect(page.getByText('Ship your first service').first()).toBeVisible();
  await expect(
    page.getByText('Add search to your product').first(),
  ).toBeVisible();
  // Not a golden path.
  await expect(page.getByText('Take a payment from your product')).toHaveCount(
    0,
  );

  const checklist = page.getByRole('list', {
    name: 'Checklist: Ship your first service',
  });
  await expect(checklist.getByRole('listitem')).toHaveCount(5);
  await expect(
    checklist.getByRole('link', { name: 'example-nodejs-template' }),
  ).toHaveAttribute(
    'href',
    '/create/templates/default/example-nodejs-template',
  );
  // The deploy on the legacy build runner is where most people get stuck.
  await expect(
    page.getByText(/First deploy to production: \d+ people stuck/),
  ).toBeVisible();
  // The young golden path has fewer than 5 people: withheld, with the reason.
  const young = page.getByRole('list', {
    name: 'Checklist: Add search to your product',
  });
  await expect(
    young.getByText('withheld: fewer than 5 people').first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/journeys-golden-paths.png`,
    fullPage: true,
  });
});

test('a journey map shows friction per step, and "I\'m stuck here" counts', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/journey/first-service/journey');
  await expect(
    page.getByText('Journey: Ship your first service'),
  ).toBeVisible();
  await waitForSeededFigures(page, /Stuck reports: \d+/);

  const deploy = page.getByTestId('journey-step-first-deploy');
  await expect(deploy.getByText('high friction')).toBeVisible();
  await expect(deploy).toContainText(/takes [\d.]+× the expected time/);
  await expect(
    deploy.getByRole('link', { name: /Legacy build runner/ }),
  ).toBeVisible();
  await expect(
    page.getByText('Time to first success and self-service by start month'),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/journeys-map.png`, fullPage: true });

  const before = await stuckReports(page, 'first-deploy');
  await deploy.getByRole('button', { name: 'effort 6 of 7' }).click();
  await deploy.getByRole('button', { name: "I'm stuck here" }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByLabel('What is in your way? (optional)')
    .fill('The build runner queue is stuck.');
  await dialog.getByRole('button', { name: "Send: I'm stuck" }).click();
  // On failure this shows what the card said instead (e.g. an error).
  await expect(deploy.getByRole('status')).toHaveText(
    'Recorded: you are stuck here. Thank you, the owners will see it.',
    { timeout: 60_000 },
  );
  await expect(deploy).toContainText(`Stuck reports: ${before + 1}`, {
    timeout: 60_000,
  });
  await page.screenshot({
    path: `${SHOTS}/journeys-map-after-stuck.png`,
    fullPage: true,
  });
});

test('a component shows the journeys that pass through it', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/component/legacy-build-runner');
  await expect(page.getByText('Journeys that pass through here')).toBeVisible();
  await waitForSeededFigures(page, /Step 4: First deploy to production/);
  await expect(
    page.getByRole('link', { name: 'Ship your first service' }).first(),
  ).toBeVisible();
  await expect(page.getByText('high friction').first()).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/journeys-component-card.png`,
    fullPage: true,
  });
});
