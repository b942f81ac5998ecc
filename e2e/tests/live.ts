import { Locator, Page, expect } from '@playwright/test';

/**
 * Reloads the page until `locate(page)` is visible. The demo keeps pushing
 * data while it runs (SLI samples every 5 minutes, new support and journey
 * events), and a page shows what the backend had when it loaded: a figure
 * that is not there yet (the first push after start, or the 5-minute bucket
 * that has just ended and is being pushed) appears on a later load.
 */
export async function reloadUntilVisible(
  page: Page,
  locate: (page: Page) => Locator,
  timeout = 120_000,
) {
  await expect(async () => {
    if (await locate(page).isVisible()) {
      return;
    }
    await page.reload();
    // The guest session normally survives a reload; sign in again if not.
    const enter = page.getByRole('button', { name: 'Enter' });
    const signInAgain = await enter
      .waitFor({ state: 'visible', timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (signInAgain) {
      await enter.click();
    }
    await expect(locate(page)).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout });
}
