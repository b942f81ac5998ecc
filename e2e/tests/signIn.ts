import { Page, expect } from '@playwright/test';

/**
 * Opens a page of the demo portal as the guest user. Every test has a fresh
 * browser context, so the sign-in page always comes first. While the 2-core
 * demo backend is busy the guest sign-in is sometimes refused ("You cannot
 * sign in as a guest…"); then it is tried again, up to three times.
 */
export async function openAsGuest(page: Page, path: string) {
  const enter = page.getByRole('button', { name: 'Enter' });
  const refused = page.getByText(/You cannot sign in as a guest/).first();
  for (let attempt = 1; ; attempt++) {
    await page.goto(path);
    await enter.click({ timeout: 90_000 });
    // Signed in once the sign-in page is gone; refused when the alert shows.
    const outcome = await expect
      .poll(
        async () => {
          if (await refused.isVisible()) return 'refused';
          if (!(await enter.isVisible())) return 'signed-in';
          return 'waiting';
        },
        { timeout: 60_000, intervals: [250] },
      )
      .not.toBe('waiting')
      .then(async () =>
        (await refused.isVisible()) ? 'refused' : 'signed-in',
      );
    if (outcome === 'signed-in' || attempt === 3) return;
  }
}
