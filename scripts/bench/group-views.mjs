// The timing half of scripts/bench/group-views.sh: the group views of the
// benchmark's organisation, one request after another with keep-alive.
const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:17007';
const REPS = Number(process.env.BENCH_GROUP_REPS ?? 50);
const WARMUP = Number(process.env.BENCH_GROUP_WARMUP ?? 5);
const CI = '/api/customer-impact';

const signIn = await fetch(`${BASE}/api/auth/guest/refresh`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{}',
});
if (!signIn.ok) throw new Error(`guest sign-in: HTTP ${signIn.status}`);
const token = (await signIn.json()).backstageIdentity.token;

async function series(name, path) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < REPS + WARMUP; i++) {
    const t0 = performance.now();
    const res = await fetch(BASE + path, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.text();
    if (!res.ok)
      throw new Error(`${path}: HTTP ${res.status} ${body.slice(0, 200)}`);
    bytes = body.length;
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const rank = p => times[Math.ceil(p * times.length) - 1];
  const ms = v => v.toFixed(1).padStart(7);
  console.log(
    `${name.padEnd(52)} n=${String(REPS).padStart(4)}  p50 ${ms(
      rank(0.5),
    )}  p95 ${ms(rank(0.95))}  max ${ms(times[times.length - 1])} ms  ${(
      bytes / 1024
    ).toFixed(1)} KiB`,
  );
}

await series(
  'internal-customers ranking, bench-div-00 (1,000 directly)',
  `${CI}/v1/groups/default/bench-div-00/consumers`,
);
await series(
  'internal-customers ranking, bench-org (tree of 10,000)',
  `${CI}/v1/groups/default/bench-org/consumers`,
);
await series(
  'group rollup (first page), bench-div-00',
  `${CI}/v1/groups/default/bench-div-00/rollup`,
);
await series(
  'group rollup (first page), bench-org',
  `${CI}/v1/groups/default/bench-org/rollup`,
);
