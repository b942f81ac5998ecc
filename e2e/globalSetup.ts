/**
 * Waits until the demo portal is really ready: guest sign-in works, the
 * catalog has ingested the demo data, and the scheduled burndown task has
 * recorded its first count. Playwright's webServer check only knows that
 * the backend process listens.
 */
const BACKEND = 'http://127.0.0.1:7007';

async function poll<T>(what: string, fn: () => Promise<T | undefined>, seconds = 180): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`The demo portal never got ready: ${what} (${String(last ?? 'no answer')})`);
}

export default async function globalSetup() {
  const token = await poll('guest sign-in', async () => {
    const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, { method: 'POST' });
    if (!res.ok) return undefined;
    const body = await res.json();
    return body.backstageIdentity.token as string;
  });
  const headers = { Authorization: `Bearer ${token}` };
  await poll('the deprecated API in the catalog, with its burndown', async () => {
    const res = await fetch(
      `${BACKEND}/api/customer-impact/v1/entities/api/default/payments-v1`,
      { headers },
    );
    if (!res.ok) return undefined;
    const body = await res.json();
    return body.deprecation.dependents.length === 3 && body.deprecation.burndown.length > 0
      ? true
      : undefined;
  });
}
