#!/usr/bin/env node
// Load benchmark of the hardened server (issue 14). Not part of the test suite: run it by hand after `npm run build`:
//
//   node benchmarks/hardening-load.mjs [--port 18150] [--solves 8] [--time-limit 10] [--bad 12] [--out FILE.md]
//
// It starts its own `kehou serve` on 127.0.0.1 (a port of 18100–18199, never another host) and measures /healthz
// (autocannon, 100 req/s) in three phases:
//  1. idle (5 s);
//  2. while `--solves` whole-school solves (examples/longhutang.json, timeLimit `--time-limit` s) are posted at
//     once: they run two at a time (one per solver thread on 2 cores), the rest queue;
//  3. while `--bad` large invalid bodies arrive, two at a time, in three kinds: an 18 MB list of 260 000 duplicated
//     students (refused as too-many-students), 15 000 students repeating one id and class (30 000 problems: the first
//     1000 listed, the rest counted), and 200 000 unknown keys plus a key of 1 MB.
// It records each bad body's status, answer size and time, the server's peak RSS, and prints a Markdown section
// and a JSON line. Bounded: fixed counts, every request has a timeout, a watchdog ends the run after 10 minutes.
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { cannon, flag, lat, loadAvg, machine, ROOT, startServer } from './lib/served.mjs';

const PORT = Number(flag('port', 18150));
const SOLVES = Number(flag('solves', 8));
const TIME_LIMIT = Number(flag('time-limit', 10));
const BAD = Number(flag('bad', 12));
const OUT = flag('out', '');
const HEALTH_RATE = 100;
if (!(PORT >= 18100 && PORT <= 18199)) throw new Error('--port must be within 18100–18199');

let server;
const watchdog = setTimeout(() => {
  console.error('watchdog: the benchmark ran over 10 minutes; stopping');
  server?.kill('SIGKILL');
  process.exit(1);
}, 10 * 60_000);

const longhutang = readFileSync(new URL('examples/longhutang.json', ROOT), 'utf8');
const small = JSON.parse(readFileSync(new URL('examples/small.json', ROOT), 'utf8'));

// ---------------------------------------------------------------- the large invalid bodies
const tooMany = JSON.stringify({ ...small, students: Array.from({ length: 260_000 }, () => ({ id: 's1', class: '1-1', days: ['mon', 'tue', 'wed'], prefs: ['x'] })) });
const repeated = JSON.stringify({ ...small, students: Array.from({ length: 15_000 }, () => ({ id: 's1', class: 'no-such-class', days: ['mon'] })) });
const keys = {};
for (let k = 0; k < 200_000; k++) keys[`x${k}`] = k;
const unknownKeys = JSON.stringify({ ...small, school: { ...small.school, ['k'.repeat(1_000_000)]: 1 }, policy: { ...small.policy, ...keys } });
const BAD_KINDS = [
  { name: '260 000 duplicated students', body: tooMany },
  { name: '15 000 students, one id, unknown class', body: repeated },
  { name: '200 000 unknown keys + a 1 MB key', body: unknownKeys },
];

// ---------------------------------------------------------------- the server under test
const served = await startServer(['--port', String(PORT)]);
server = served.server;
const { url, rssMb } = served;
let rssPeak = 0;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb() ?? 0)), 250);

/** /healthz at 100 req/s until `until` settles (at most `maxS` seconds). */
async function healthDuring(until, maxS) {
  const instance = autocannon({ url: `${url}/healthz`, connections: 4, overallRate: HEALTH_RATE, duration: maxS, timeout: 30 });
  const done = new Promise((resolve) => instance.on('done', resolve));
  await until;
  instance.stop();
  return lat(await done);
}

const post = async (path, body) => {
  const t0 = performance.now();
  const res = await fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(300_000) });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), ms: Math.round(performance.now() - t0), kehou: res.headers.get('kehou-solve-status') };
};

// ---------------------------------------------------------------- 0. warm-up
await post('/v1/solve?timeLimit=1', longhutang);
const loadStart = loadAvg();

// ---------------------------------------------------------------- 1. idle
const idle = lat(await cannon({ url: `${url}/healthz`, connections: 4, overallRate: HEALTH_RATE, duration: 5 }));

// ---------------------------------------------------------------- 2. SOLVES whole-school solves at once
const t2 = performance.now();
const solvesRun = Promise.all(Array.from({ length: SOLVES }, () => post(`/v1/solve?timeLimit=${TIME_LIMIT}`, longhutang)));
const duringSolves = await healthDuring(solvesRun, 600);
const solves = await solvesRun;
const solvesWallS = Math.round((performance.now() - t2) / 100) / 10;

// ---------------------------------------------------------------- 3. large invalid bodies, two at a time
const badResults = [];
const badRun = (async () => {
  const queue = Array.from({ length: BAD }, (_, k) => BAD_KINDS[k % BAD_KINDS.length]);
  const worker = async () => {
    for (let kind = queue.shift(); kind; kind = queue.shift()) badResults.push({ kind: kind.name, bodyMb: Math.round(kind.body.length / 1e5) / 10, ...(await post('/v1/validate', kind.body)) });
  };
  await Promise.all([worker(), worker()]);
})();
const duringBad = await healthDuring(badRun, 600);
await badRun;
clearInterval(sampler);

const exitCode = await served.stop();
clearTimeout(watchdog);

// ---------------------------------------------------------------- report
const byKind = BAD_KINDS.map(({ name, body }) => {
  const rs = badResults.filter((r) => r.kind === name);
  const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
  return { kind: name, bodyMb: Math.round(body.length / 1e5) / 10, n: rs.length, statuses: [...new Set(rs.map((r) => r.status))].join('/'), answerKb: Math.max(...rs.map((r) => Math.round(r.bytes / 100) / 10)), medianMs: ms[Math.floor(ms.length / 2)], maxMs: ms[ms.length - 1] };
});
const solveMs = solves.map((s) => s.ms).sort((a, b) => a - b);
const result = {
  date: new Date().toISOString(),
  node: process.version,
  machine: machine(),
  loadStart,
  loadEnd: loadAvg(),
  settings: { port: PORT, solves: SOLVES, timeLimitS: TIME_LIMIT, bad: BAD, healthRatePerS: HEALTH_RATE },
  healthIdleMs: idle,
  healthDuringSolvesMs: duringSolves,
  solves: { wallS: solvesWallS, statuses: solves.map((s) => `${s.status}${s.kehou ? ' ' + s.kehou : ''}`), medianMs: solveMs[Math.floor(solveMs.length / 2)], maxMs: solveMs[solveMs.length - 1] },
  healthDuringBadBodiesMs: duringBad,
  badBodies: byKind,
  rssPeakMb: rssPeak,
  serverExit: exitCode,
};

const row = (name, h) => `| /healthz ${name} p50 / p99 / max | ${h.p50} / ${h.p99} / ${h.max} ms (${h.requests} requests, ${h.non2xx} non-2xx, ${h.errors} errors) |`;
const md = `### ${result.date.slice(0, 10)} — ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGb} GB, Node ${result.node}

Settings: default threads (one per core), ${SOLVES} longhutang solves posted at once (timeLimit ${TIME_LIMIT} s), then ${BAD} large invalid bodies to /v1/validate two at a time; /healthz at ${HEALTH_RATE} req/s throughout. Load average (1/5/15 min) at the start: ${loadStart.join(' ')}, at the end: ${result.loadEnd.join(' ')}.

| measure | value |
|---|---|
${row('idle', idle)}
${row(`during ${SOLVES} whole-school solves`, duringSolves)}
| the ${SOLVES} solves | all answered in ${solvesWallS} s (${[...new Set(result.solves.statuses)].join(', ')}); per solve median ${result.solves.medianMs} ms, max ${result.solves.maxMs} ms (queue included) |
${row('during large invalid bodies', duringBad)}
${byKind.map((k) => `| ${k.kind} (${k.bodyMb} MB) ×${k.n} | ${k.statuses}, answer ≤ ${k.answerKb} KB, median ${k.medianMs} ms, max ${k.maxMs} ms |`).join('\n')}
| server peak RSS | ${rssPeak} MB |
| server exit after SIGTERM | ${exitCode} |
`;
process.stdout.write(md + '\n' + JSON.stringify(result) + '\n');
if (OUT) writeFileSync(OUT, md);
