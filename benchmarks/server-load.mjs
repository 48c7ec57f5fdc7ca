#!/usr/bin/env node
// Load benchmark of `kehou serve` (issue 5). Not part of the test suite: run it by hand after `npm run build`:
//
//   node benchmarks/server-load.mjs [--duration 60] [--solves 100] [--time-limit 5] [--threads N]
//                                   [--rss-preset small] [--rss-time-limit 0.5] [--out FILE.md]
//
// It starts its own server on 127.0.0.1 (random port, never another host), then measures
//  1. /healthz latency with no load (autocannon, fixed rate 100 req/s),
//  2. /healthz latency while whole-school solves (examples/longhutang.json) keep every solver thread busy,
//     and the solves completed per minute in that window (autocannon, one connection per thread),
//  3. the server's RSS over `--solves` further solves (examples/<rss-preset>.json): after 10, 25, 50, 75, 100…,
// prints a Markdown report (machine, date, Node version) and a JSON line, stops the server with SIGTERM, and
// exits. Everything is bounded: fixed durations and counts, a watchdog ends the run after 20 minutes.
import os from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { cannon as run, flag, lat, loadAvg, machine, ROOT, startServer } from './lib/served.mjs';

const DURATION = Number(flag('duration', 60));
const SOLVES = Number(flag('solves', 100));
const TIME_LIMIT = Number(flag('time-limit', 5));
const THREADS = Number(flag('threads', os.availableParallelism()));
const RSS_PRESET = flag('rss-preset', 'small');
const RSS_TIME_LIMIT = Number(flag('rss-time-limit', 0.5));
const OUT = flag('out', '');
const HEALTH_RATE = 100; // req/s: a monitor, not a flood

const watchdog = setTimeout(() => {
  console.error('watchdog: the benchmark ran over 20 minutes; stopping');
  server?.kill('SIGKILL');
  process.exit(1);
}, 20 * 60_000);

const longhutang = readFileSync(new URL('examples/longhutang.json', ROOT), 'utf8');
const rssBody = readFileSync(new URL(`examples/${RSS_PRESET}.json`, ROOT), 'utf8');

// ---------------------------------------------------------------- the server under test
const { server, url, rssMb, stop } = await startServer(['--port', '0', '--threads', String(THREADS)]);

const solveOpts = (body, timeLimit, extra) => ({
  url: `${url}/v1/solve?timeLimit=${timeLimit}`,
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json' },
  timeout: Math.ceil(timeLimit * 2 + 120),
  ...extra,
});

const health = (duration) => run({ url: `${url}/healthz`, connections: 4, overallRate: HEALTH_RATE, duration });

// ---------------------------------------------------------------- 0. warm-up (threads load their modules)
await run(solveOpts(longhutang, 1, { connections: THREADS, amount: THREADS }));
const rssStart = rssMb();
const loadStart = loadAvg();

// ---------------------------------------------------------------- 1. /healthz, idle
const idle = lat(await health(5));

// ---------------------------------------------------------------- 2. /healthz while whole-school solves run
let rssPeak = rssMb() ?? 0;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb() ?? 0)), 500);
const [busyHealth, solves] = await Promise.all([
  health(DURATION),
  run(solveOpts(longhutang, TIME_LIMIT, { connections: THREADS, duration: DURATION })),
]);
clearInterval(sampler);
const loaded = lat(busyHealth);
const solved = solves['2xx'];
const solvesPerMinute = Math.round((solved / DURATION) * 60 * 10) / 10;
const solveLatency = { p50: solves.latency.p50, p99: solves.latency.p99, max: solves.latency.max };

// ---------------------------------------------------------------- 3. RSS over many solves
const rssAfter = [];
let done = 0;
const marks = [10, 25, 50, 75, 100, 150, 200, 300, 500].filter((m) => m <= SOLVES);
if (!marks.includes(SOLVES)) marks.push(SOLVES);
let failures = 0;
for (const mark of marks) {
  const n = mark - done;
  const r = await run(solveOpts(rssBody, RSS_TIME_LIMIT, { connections: Math.min(THREADS, n), amount: n }));
  failures += r.non2xx + r.errors;
  done = mark;
  await new Promise((r) => setTimeout(r, 1000));
  rssAfter.push({ solves: done, rssMb: rssMb() });
}
const at = (n) => rssAfter.find((r) => r.solves === n)?.rssMb ?? null;
const half = rssAfter.find((r) => r.solves >= SOLVES / 2);

// ---------------------------------------------------------------- stop the server gracefully
const exitCode = await stop();
clearTimeout(watchdog);

// ---------------------------------------------------------------- report
const result = {
  date: new Date().toISOString(),
  node: process.version,
  machine: machine(),
  load: loadAvg(),
  settings: { threads: THREADS, durationS: DURATION, timeLimitS: TIME_LIMIT, healthRatePerS: HEALTH_RATE, rssPreset: RSS_PRESET, rssTimeLimitS: RSS_TIME_LIMIT, solves: SOLVES },
  healthIdleMs: idle,
  healthUnderLoadMs: loaded,
  solvesPerMinute,
  solveLatencyMs: solveLatency,
  solveErrors: { non2xx: solves.non2xx, errors: solves.errors },
  rssMb: { start: rssStart, peakUnderLoad: rssPeak, after: rssAfter, growthSecondHalf: half && at(SOLVES) !== null ? at(SOLVES) - half.rssMb : null },
  rssSolveFailures: failures,
  serverExit: exitCode,
};

const md = `### ${result.date.slice(0, 10)} — ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGb} GB, Node ${result.node}

Settings: ${THREADS} solver threads; ${DURATION} s of whole-school solves (longhutang, timeLimit ${TIME_LIMIT} s, ${THREADS} connections); /healthz at ${HEALTH_RATE} req/s; RSS over ${SOLVES} ${RSS_PRESET} solves (timeLimit ${RSS_TIME_LIMIT} s). Load average (1/5/15 min) at the start: ${loadStart.join(' ')}, at the end: ${result.load.join(' ')}.

| measure | value |
|---|---|
| /healthz idle p50 / p99 / max | ${idle.p50} / ${idle.p99} / ${idle.max} ms (${idle.requests} requests, ${idle.non2xx} non-2xx) |
| /healthz during solves p50 / p99 / max | ${loaded.p50} / ${loaded.p99} / ${loaded.max} ms (${loaded.requests} requests, ${loaded.non2xx} non-2xx) |
| longhutang solves per minute | ${solvesPerMinute} (${solved} in ${DURATION} s; latency p50 ${solveLatency.p50} ms, max ${solveLatency.max} ms) |
| RSS start → peak during solves | ${rssStart} → ${rssPeak} MB |
| RSS after n ${RSS_PRESET} solves | ${rssAfter.map((r) => `${r.solves}: ${r.rssMb} MB`).join(', ')} |
| RSS growth over the second half | ${result.rssMb.growthSecondHalf} MB (failed solves: ${failures}) |
| server exit after SIGTERM | ${exitCode} |
`;

process.stdout.write(md + '\n' + JSON.stringify(result) + '\n');
if (OUT) writeFileSync(OUT, md);
