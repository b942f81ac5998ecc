import { Page } from '@playwright/test';

/**
 * Opens a page of the demo portal as the guest user. Every test has a fresh
 * browser context, so the sign-in page always comes first.
 */
export async function openAsGuest(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 90_000 });
}
