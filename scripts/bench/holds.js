#!/usr/bin/env node
/*
 * Lists the longest holds of the event loop in a V8 CPU profile (.cpuprofile,
 * as written by the bench probe with BENCH_PROFILE_DIR, or node --cpu-prof):
 * the holds the probe's watchdog saw (a timer fired late), or, in a profile
 * without them, runs of consecutive samples that are not `(idle)` (busy
 * stretches, which may span several turns of the loop). For each hold
 * of at least --min ms (default 50), the longest first (at most --top, default
 * 10): its length, the share spent collecting garbage, the functions with the
 * most self time, and the innermost frames of this repository's plugins that
 * were on the stack (what of ours was running, whatever it called).
 *
 *   node scripts/bench/holds.js <file.cpuprofile> [--min 50] [--top 10]
 */
const fs = require('fs');

function args(argv) {
  const out = { files: [], min: 50, top: 10 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--min') out.min = Number(argv[++i]);
    else if (argv[i] === '--top') out.top = Number(argv[++i]);
    else out.files.push(argv[i]);
  }
  if (!out.files.length) {
    console.error(
      'usage: node scripts/bench/holds.js <file.cpuprofile>... [--min ms] [--top n]',
    );
    process.exit(2);
  }
  return out;
}

const short = url =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '~/')
    .replace(/^.*\/(plugins|packages)\//, '$1/');

const where = frame =>
  `${frame.functionName || '(anonymous)'} ${
    frame.url ? `${short(frame.url)}:${frame.lineNumber + 1}` : ''
  }`.trim();

/** The holds of one profile, longest first. */
function holds(profile, minMs) {
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const ours = id => {
    // The innermost frame of this repository's plugins on the sample's stack.
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const url = nodes.get(at).callFrame.url;
      if (/\/plugins\/[^/]*customer-impact[^/]*\/src\//.test(url)) {
        return where(nodes.get(at).callFrame);
      }
    }
    return '(none of ours)';
  };
  const times = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) {
    t += d;
    times.push(t);
  }
  const found = [];
  if (profile.holds) {
    // The holds the probe's watchdog saw: the samples within each.
    let i = 0;
    for (const [from, to] of [...profile.holds].sort((a, b) => a[0] - b[0])) {
      while (i < times.length && times[i] < from) i++;
      const start = i;
      while (i < times.length && times[i] < to) i++;
      const ms = (to - from) / 1000;
      if (ms >= minMs && i > start) found.push({ start, end: i, ms });
    }
  } else {
    // Without them, runs of samples that are not (idle): the CPU's busy
    // stretches, which may be several turns of the loop.
    let start = -1;
    const close = end => {
      // Samples start..end-1 are busy; the run lasts until the next sample.
      const endTime = end < times.length ? times[end] : profile.endTime;
      const ms = (endTime - times[start]) / 1000;
      if (ms >= minMs) found.push({ start, end, ms });
    };
    for (let i = 0; i < profile.samples.length; i++) {
      const idle =
        nodes.get(profile.samples[i]).callFrame.functionName === '(idle)';
      if (!idle && start < 0) start = i;
      if (idle && start >= 0) {
        close(i);
        start = -1;
      }
    }
    if (start >= 0) close(profile.samples.length);
  }
  found.sort((a, b) => b.ms - a.ms);
  return found.map(h => {
    const self = new Map();
    const mine = new Map();
    let gc = 0;
    for (let i = h.start; i < h.end; i++) {
      const next = i + 1 < times.length ? times[i + 1] : profile.endTime;
      const ms = (next - times[i]) / 1000;
      const node = nodes.get(profile.samples[i]);
      if (node.callFrame.functionName === '(garbage collector)') gc += ms;
      const key = where(node.callFrame);
      self.set(key, (self.get(key) ?? 0) + ms);
      const o = ours(node.id);
      mine.set(o, (mine.get(o) ?? 0) + ms);
    }
    const top = m =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([k, v]) => ({ where: k, ms: Math.round(v * 10) / 10 }));
    return {
      atMs: Math.round((times[h.start] - profile.startTime) / 1000),
      ms: Math.round(h.ms * 10) / 10,
      gcMs: Math.round(gc * 10) / 10,
      self: top(self),
      ours: top(mine),
    };
  });
}

if (require.main === module) {
  const { files, min, top } = args(process.argv.slice(2));
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
    const list = holds(profile, min);
    const seconds = (profile.endTime - profile.startTime) / 1e6;
    console.log(
      `${file}: ${seconds.toFixed(1)} s profiled, ${
        list.length
      } holds of ${min} ms or more${
        list.length ? `; the longest ${top}:` : ''
      }`,
    );
    for (const h of list.slice(0, top)) {
      console.log(
        `  ${h.ms} ms at +${(h.atMs / 1000).toFixed(1)} s (GC ${h.gcMs} ms)`,
      );
      console.log('    self time:');
      for (const x of h.self) console.log(`      ${x.ms} ms  ${x.where}`);
      console.log('    ours on the stack:');
      for (const x of h.ours) console.log(`      ${x.ms} ms  ${x.where}`);
    }
  }
}

module.exports = { holds };
