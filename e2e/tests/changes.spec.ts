import { expect, test } from '@playwright/test';
import { reloadUntilVisible } from './live';
import { openAsGuest } from './signIn';

const SHOTS = `${__dirname}/../screenshots`;
const BACKEND = process.env.E2E_BACKEND_URL ?? 'http://127.0.0.1:7007';
/** The demo's static external-access token (app-config.yaml). */
const PUSH_TOKEN =
  process.env.CUSTOMER_IMPACT_PUSH_TOKEN ?? 'demo-only-slo-push-token';

test('a recorded change is marked on the support chart, with its relief per consuming team', async ({
  page,
}) => {
  await openAsGuest(page, '/catalog/default/api/payments-v2');
  await expect(
    page.getByRole('heading', { name: 'Payments API v2' }).first(),
  ).toBeVisible();

  const changes = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Changes and relief' })
    .first();
  // The demo records its change 23 days before it started: 3 whole weeks
  // have passed (4 once it has run for 5 days).
  const checkout = (p: typeof page) =>
    p
      .locator('.MuiCard-root')
      .filter({ hasText: 'Changes and relief' })
      .first()
      .getByText(/^Checkout team: 3\.0 → 0\.[23] tickets a week$/);
  await reloadUntilVisible(page, checkout);
  await expect(checkout(page)).toHaveAttribute('data-tone', 'relief');
  await expect(
    changes.getByText('Billing team: 1.0 → 1.0 tickets a week'),
  ).toHaveAttribute('data-tone', 'same');
  await expect(
    changes.getByRole('link', {
      name: /Self-service API keys for payments-v2/,
    }),
  ).toHaveAttribute('href', 'https://github.com/acme/payments/pull/1042');
  await expect(
    changes.getByText(/^Before: .+ \(4 weeks\); after: .+ \([34] weeks/),
  ).toBeVisible();

  // The support-load chart of the entity marks the change in its week.
  const support = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Support load' })
    .first();
  await expect(
    support.locator('svg text', {
      hasText: 'Self-service API keys for payments-v2',
    }),
  ).toBeVisible();
  await expect(
    support.getByText(
      /^Marked on the chart: .+ Self-service API keys for payments-v2\.$/,
    ),
  ).toBeVisible();

  await changes.scrollIntoViewIfNeeded();
  await changes.screenshot({ path: `${SHOTS}/changes-card-payments-v2.png` });
  await support.scrollIntoViewIfNeeded();
  await support.screenshot({
    path: `${SHOTS}/changes-marker-support-payments-v2.png`,
  });
  await page.screenshot({
    path: `${SHOTS}/changes-payments-v2-page.png`,
    fullPage: true,
  });
});

test('a CI job records a change with the static token, as the README shows; a person deletes it', async ({
  request,
}) => {
  const change = {
    id: 'e2e-runner-cache',
    title: 'Shared build cache for the runner',
    at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    entityRefs: ['component:default/legacy-build-runner'],
  };
  const headers = { Authorization: `Bearer ${PUSH_TOKEN}` };
  const recorded = await request.post(
    `${BACKEND}/api/customer-impact/v1/changes`,
    { headers, data: { changes: [change] } },
  );
  expect(recorded.status()).toBe(200);
  expect(await recorded.json()).toEqual({
    inserted: expect.any(Number),
    updated: expect.any(Number),
    unchanged: expect.any(Number),
  });
  const replay = await request.post(
    `${BACKEND}/api/customer-impact/v1/changes`,
    { headers, data: { changes: [change] } },
  );
  expect(await replay.json()).toEqual({
    inserted: 0,
    updated: 0,
    unchanged: 1,
  });

  const bad = await request.post(`${BACKEND}/api/customer-impact/v1/changes`, {
    headers,
    data: { changes: [{ ...change, at: 'yesterday' }] },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(
    /^changes\[0\]\.at: must be an ISO 8601 timestamp with a zone/,
  );

  // The same token asks an entity's release gate before a deploy.
  const gate = await request.get(
    `${BACKEND}/api/customer-impact/v1/entities/component/default/payments-service/release-gate`,
    { headers },
  );
  expect(gate.status()).toBe(200);
  // payments-service is paging in the demo: the gate is closed, and says why.
  expect(await gate.json()).toMatchObject({
    allowed: false,
    reasons: expect.arrayContaining([expect.stringMatching(/page/)]),
  });

  // The CI token may record changes, not delete them (app-config.yaml's
  // access restrictions); a person may.
  const byToken = await request.delete(
    `${BACKEND}/api/customer-impact/v1/changes/${change.id}`,
    { headers },
  );
  expect(byToken.status()).toBe(403);
  const guest = await (
    await request.post(`${BACKEND}/api/auth/guest/refresh`)
  ).json();
  const deleted = await request.delete(
    `${BACKEND}/api/customer-impact/v1/changes/${change.id}`,
    {
      headers: {
        Authorization: `Bearer ${guest.backstageIdentity.token}`,
      },
    },
  );
  expect(deleted.status()).toBe(204);
});
