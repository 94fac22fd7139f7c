// Browser benchmark (run by hand or by scripts/bench.sh, not by `node --test`): in headless
// Chromium on the release build, measure with the Performance API
//   1. the frame time while animating 32 servers, a ring of 32 × 160 points and ~500 requests
//      in flight: from a DevTools trace, the renderer main thread's busy time in each frame
//      (every task it ran between one frame's requestAnimationFrame and the next: script, style,
//      layout, paint), and the interval between frames;
//   2. the time to first render after load: from navigation start to the server pool in the DOM.
// Writes its figures to target/bench-extra/30-playground-frames.md, which
// scripts/benchmarks_md.py appends to BENCHMARKS.md.
//
//   node e2e/bench/frames.js [--seconds 10] [--cpu]
//
// --cpu counts each task's CPU time on the main thread instead of its wall time: on a machine
// loaded by other work, wall time measures the waits for a core, not the page.
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, open, repo, chromiumPath } from '../lib/harness.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const LOADS = 7;
const cpu = process.argv.includes('--cpu');

// Installed before the app loads: per-frame work and intervals, and the first render.
const probe = () => {
  window.__bench = { interval: [], firstRender: null, recording: false };
  const b = window.__bench;
  new MutationObserver((_, obs) => {
    if (document.querySelector('[aria-label="Server pool"]')) {
      b.firstRender = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  let last = 0;
  const frame = (ts) => {
    if (b.recording && last) b.interval.push(ts - last);
    last = ts;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
};

/** Main-thread busy ms per frame (with `spans`, each as [start, end, ms] in trace µs). The
 * renderer's main thread is the one running FireAnimationFrame; a frame starts with the
 * top-level task that runs its requestAnimationFrame callbacks and lasts until the next such
 * task; its busy time is the total length of the top-level tasks in it. */
function frameWork(events, spans = false) {
  const fire = events.filter((e) => e.name === 'FireAnimationFrame' && e.ph === 'X');
  if (!fire.length) return [];
  const tid = fire[0].tid;
  const all = events
    .filter((e) => e.tid === tid && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = [];
  for (const t of all) {
    const top = tasks[tasks.length - 1];
    if (!top || t.ts >= top.ts + top.dur) tasks.push(t);
  }
  const starts = [];
  for (const f of fire.filter((e) => e.tid === tid)) {
    const owner = tasks.find((t) => t.ts <= f.ts && f.ts < t.ts + t.dur);
    if (owner && starts[starts.length - 1] !== owner.ts) starts.push(owner.ts);
  }
  starts.sort((a, b) => a - b);
  const busy = new Array(Math.max(0, starts.length - 1)).fill(0);
  let f = 0;
  for (const t of tasks) {
    if (t.ts < starts[0]) continue;
    while (f < starts.length - 1 && t.ts >= starts[f + 1]) f++;
    if (f < busy.length) busy[f] += (cpu ? (t.tdur ?? t.dur) : t.dur) / 1000;
  }
  return spans ? busy.map((ms, i) => [starts[i], starts[i + 1], ms]) : busy;
}

/** The frames' busy time grouped by the snapshot part their tick refreshed (the app's User
 * Timing marks "snapshot part N"; "no snapshot" for the frames between ticks). */
function framesByPart(events) {
  const busy = frameWork(events, true);
  const marks = events.filter((e) => /^snapshot part \d+$/.test(e.name)).map((e) => [e.ts, e.name]);
  const groups = {};
  for (const [start, end, ms] of busy) {
    const mark = marks.find(([ts]) => ts >= start && ts < end);
    (groups[mark ? mark[1] : 'no snapshot'] ||= []).push(ms);
  }
  return groups;
}

function pct(values, q) {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}

const site = await serve();
const browser = await launch();
try {
  // 1. First render, over several fresh loads.
  const first = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(probe);
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => window.__bench.firstRender !== null);
    first.push(await page.evaluate(() => window.__bench.firstRender));
    await context.close();
  }

  // 2. Frames under load, set up as a user would.
  const context = await browser.newContext({ viewport: { width: 1600, height: 3000 } });
  await context.addInitScript(probe);
  const { page, errors } = await open(browser, site.url, {});
  await page.close();
  const p = await context.newPage();
  await p.goto(site.url);
  await p.getByRole('heading', { name: 'Fulcrum' }).waitFor();
  await p.getByLabel('Preset').selectOption('hot-key');
  await p.getByLabel('Strategy', { exact: true }).selectOption('consistent_hash');
  // Add server and Latency are under the controls' "More settings".
  const more = p.locator('.controls details.more');
  if (!(await more.evaluate((d) => d.open))) await more.locator('summary').click();
  while ((await p.getByRole('group', { name: 'Server pool' }).getByRole('button').count()) < 32) {
    await p.locator('.controls').getByRole('button', { name: 'Add server', exact: true }).click();
  }
  await p.getByLabel('Latency', { exact: true }).fill('8'); // 500 ms: ~1,000 requests in flight in the simulation
  const points = await p.locator('svg[aria-label="Hash ring"]').getAttribute('data-points');
  await p.getByRole('toolbar', { name: 'Run' }).getByRole('button', { name: 'Play', exact: true }).click();
  await p.waitForTimeout(3000);
  const cdp = await context.newCDPSession(p);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const traced = new Promise((ok) => cdp.on('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  await p.evaluate(() => { window.__bench.recording = true; });
  const drawn = [];
  const inFlight = [];
  for (let s = 0; s < seconds; s++) {
    await p.waitForTimeout(1000);
    drawn.push(Number(await p.locator('#flow canvas.overlay').getAttribute('data-drawn')));
    inFlight.push(await p.evaluate(() => {
      const m = /(\d+) in the simulation/.exec(document.querySelector('.flow-legend')?.textContent ?? '');
      return m ? Number(m[1]) : 0;
    }));
  }
  const { interval } = await p.evaluate(() => {
    window.__bench.recording = false;
    return window.__bench;
  });
  await cdp.send('Tracing.end');
  await traced;
  const work = frameWork(events);
  const parts = framesByPart(events);
  const servers = await p.getByRole('group', { name: 'Server pool' }).getByRole('button').count();
  // The three animated views are all on screen (off-screen views are not rendered).
  const visible = await p.evaluate(() => ['pool', 'flow', 'ring'].every((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }));
  if (!visible) throw new Error(`the pool, flow and ring do not all fit the bench viewport: ${JSON.stringify(await p.evaluate(() => ['pool', 'flow', 'ring'].map((id) => { const r = document.getElementById(id).getBoundingClientRect(); return [id, Math.round(r.top), Math.round(r.bottom)]; })))}`);
  await context.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

  const version = execFileSync(chromiumPath, ['--version']).toString().trim();
  const avg = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const f = (x) => x.toFixed(1);
  const section = [
    '## The playground in the browser',
    '',
    `Measured by \`node e2e/bench/frames.js\` (headless ${version}, release build served on loopback, 1600 × 3000 so the pool, the flow and the ring are all on screen).`,
    '',
    `Animating ${servers} servers, a ring of ${points} points (consistent_hash, 160 per server) and on average`,
    `${Math.round(avg(drawn))} requests drawn in flight (${Math.round(avg(inFlight))} in flight in the simulation; hot-key preset,`,
    `500 ms latency, 2,000 requests/s at 1×) for ${seconds} s, ${interval.length} frames:`,
    '',
    '| measure | p50 | p95 | max | target |',
    '|---|---|---|---|---|',
    `| frame time: main-thread ${cpu ? 'CPU time' : 'busy'} per frame (ms) | ${f(pct(work, 0.5))} | ${f(pct(work, 0.95))} | ${f(Math.max(...work))} | p95 ≤ 10, max ≤ 25 |`,
    `| interval between frames (ms) | ${f(pct(interval, 0.5))} | ${f(pct(interval, 0.95))} | ${f(Math.max(...interval))} | |`,
    `| time to first render after load (ms, ${LOADS} loads) | ${f(pct(first, 0.5))} | ${f(pct(first, 0.95))} | ${f(Math.max(...first))} | p50 ≤ 300 |`,
    '',
    '| frames by what they refreshed (ms) | frames | p50 | p90 | max |',
    '|---|---|---|---|---|',
    ...Object.keys(parts).sort().map((k) => {
      const v = parts[k];
      return `| ${k} | ${v.length} | ${f(pct(v, 0.5))} | ${f(pct(v, 0.9))} | ${f(Math.max(...v))} |`;
    }),
    '',
    'Frame time is, from a DevTools trace taken during the run, the renderer main thread\'s busy time',
    'in each frame (every task it ran from one frame\'s requestAnimationFrame to the next: the',
    'simulation advanced, the tokens and lookups drawn, the views refreshed, style, layout and',
    'paint); the interval between frames is measured in the page. Tracing itself costs a little.',
    'First render is from navigation start to the server pool in the DOM.',
  ].join('\n');

  await mkdir(join(repo, 'target', 'bench-extra'), { recursive: true });
  await writeFile(join(repo, 'target', 'bench-extra', '30-playground-frames.md'), `${section}\n`);
  console.log(section);
} finally {
  await browser.close();
  await site.close();
}
