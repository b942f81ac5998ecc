/**
 * Waits until the demo portal is really ready: guest sign-in works, the
 * catalog has ingested the demo data, the demo has pushed its data (SLI
 * samples up to the last 5-minute bucket, support events, journey events)
 * and the scheduled burndown task has recorded its first count. Playwright's
 * webServer check only knows that the backend process listens.
 *
 * It looks at the live figures, not at the time since start: the tests may
 * run right after the demo started or hours later.
 */
const BACKEND = process.env.E2E_BACKEND_URL ?? 'http://127.0.0.1:7007';

async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  seconds = 180,
): Promise<T> {
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
  throw new Error(
    `The demo portal never got ready: ${what} (${String(last ?? 'no answer')})`,
  );
}

/** Every object nested in `value` (the summary's shape is the backend's). */
function objects(value: unknown, found: Array<Record<string, any>> = []) {
  if (Array.isArray(value)) {
    value.forEach(v => objects(v, found));
  } else if (value && typeof value === 'object') {
    found.push(value as Record<string, any>);
    Object.values(value).forEach(v => objects(v, found));
  }
  return found;
}

export default async function globalSetup() {
  const token = await poll('guest sign-in', async () => {
    const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
      method: 'POST',
    });
    if (!res.ok) return undefined;
    const body = await res.json();
    return body.backstageIdentity.token as string;
  });
  const headers = { Authorization: `Bearer ${token}` };
  const summary = async (ref: string) => {
    const res = await fetch(
      `${BACKEND}/api/customer-impact/v1/entities/${ref}`,
      { headers },
    );
    return res.ok ? objects(await res.json()) : [];
  };
  const today = new Date().toISOString().slice(0, 10);

  await poll(
    'the deprecated API in the catalog, with its burndown counted today',
    async () => {
      const found = await summary('api/default/payments-v1');
      return found.some(
        o =>
          Array.isArray(o.dependents) &&
          o.dependents.length === 3 &&
          Array.isArray(o.burndown) &&
          o.burndown.some((p: { date: string }) => p.date === today),
      )
        ? true
        : undefined;
    },
  );
  // The SLO states the tests assert; each needs the samples of the last
  // 5-minute bucket, pushed right after it ended.
  for (const [entity, slo, state] of [
    ['component/default/payments-service', 'payments-availability', 'page'],
    ['component/default/billing-service', 'invoice-runs', 'ticket'],
    ['component/default/checkout-web', 'checkout-availability', 'ok'],
    [
      'component/default/subscriptions-service',
      'subscriptions-renewals',
      'ticket',
    ],
  ]) {
    await poll(`${slo} in state ${state}`, async () => {
      const found = await summary(entity);
      return found.some(o => o.key === slo && o.state === state)
        ? true
        : undefined;
    });
  }
  await poll('the support events of payments-service', async () => {
    const res = await fetch(
      `${BACKEND}/api/customer-impact/v1/entities/component/default/payments-service/support-events`,
      { headers },
    );
    if (res.ok) {
      const found = objects(await res.json());
      return found.some(o => o.externalId && o.entityRef) ? true : undefined;
    }
    // Without the list route: the summary's support figures.
    const summaryObjects = await summary('component/default/payments-service');
    return summaryObjects.some(o => o.status === 'ok' && o.pages)
      ? true
      : undefined;
  });
  await poll('the journey figures of the new-hire golden path', async () => {
    const res = await fetch(
      `${BACKEND}/api/customer-impact/v1/journeys/default/first-service/figures`,
      { headers },
    );
    if (!res.ok) return undefined;
    const found = objects(await res.json());
    // Someone has reported "I'm stuck here" (the figure is measured, not withheld).
    return found.some(
      o => o.stuckReports?.status === 'ok' && o.stuckReports.value > 0,
    )
      ? true
      : undefined;
  });
}
