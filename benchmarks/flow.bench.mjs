// Benchmark of the min-cost flow kernel (src/solver/kernel/flow.ts) on club-assignment transportation problems and on
// convex staff-load (cover) networks; compares with javascript-lp-solver on the same LP at small sizes.
//
//   npm run build && node benchmarks/flow.bench.mjs            # full table (each cell in its own child process)
//   node benchmarks/flow.bench.mjs --quick                      # fewer cells
//   FLOW_MODULE=/path/to/flow.js node benchmarks/flow.bench.mjs # another build of the kernel
//
// Each cell runs in a fresh child process: 5 solves (3 for primal-dual at 20,000) of freshly built copies of the
// same network; reported: median and minimum wall time of `minCostFlow`, median CPU time (user + system, includes
// V8's background compiler threads), the first (cold, JIT-compiling) run, and the peak RSS of that process
// (process.resourceUsage().maxRSS). The machine's load average is printed before and after: on a shared
// machine the minimum is the most stable figure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const modulePath = process.env.FLOW_MODULE ?? resolve(here, '../dist/solver/kernel/flow.js');

/** the planner's seeded PRNG (mulberry32), from the build */
const { seededRandom: prng } = await import(pathToFileURL(resolve(here, '../dist/solver/kernel/random.js')).href);

/** Coarse preferences (2-3 choices, strongly skewed popularity): many identical lists, the case where
 * merging identical students pays. */
export const SKEWED = { minChoices: 2, maxChoices: 3, zipf: 1.2 };

/** Club assignment shaped like a school: 6 grades, each club open to 1-3 consecutive grades, Zipf-like
 * popularity, each student ranks 3-5 eligible clubs, ~10 % priority (weight 10), capacities sum ≈ 1.1 × N
 * spread evenly so the popular clubs are over-subscribed. */
export function clubInstance(students, clubs, seed = 1, shape = { minChoices: 3, maxChoices: 5, zipf: 0.8 }) {
  const rnd = prng(seed);
  const grades = 6;
  const clubLo = new Int32Array(clubs);
  const clubHi = new Int32Array(clubs);
  const popularity = new Float64Array(clubs);
  for (let c = 0; c < clubs; c++) {
    const span = 1 + Math.floor(rnd() * 3);
    clubLo[c] = Math.floor(rnd() * (grades - span + 1));
    clubHi[c] = clubLo[c] + span - 1;
    popularity[c] = 1 / Math.pow(1 + ((c * 7919) % clubs), shape.zipf);
  }
  const cap = new Int32Array(clubs);
  const total = Math.round(1.1 * students);
  for (let c = 0; c < clubs; c++) cap[c] = Math.floor(total / clubs) + (c < total % clubs ? 1 : 0);
  const byGrade = [];
  for (let g = 0; g < grades; g++) {
    const list = [];
    for (let c = 0; c < clubs; c++) if (clubLo[c] <= g && g <= clubHi[c]) list.push(c);
    byGrade.push(list);
  }
  const prefs = [];
  const weight = new Int32Array(students);
  for (let s = 0; s < students; s++) {
    const g = Math.floor(rnd() * grades);
    const pool = byGrade[g].slice();
    const k = Math.min(pool.length, shape.minChoices + Math.floor(rnd() * (shape.maxChoices - shape.minChoices + 1)));
    const chosen = [];
    for (let i = 0; i < k; i++) {
      let sum = 0;
      for (const c of pool) sum += popularity[c];
      let x = rnd() * sum;
      let j = 0;
      for (; j < pool.length - 1; j++) { x -= popularity[pool[j]]; if (x <= 0) break; }
      chosen.push(pool[j]);
      pool.splice(j, 1);
    }
    prefs.push(chosen);
    weight[s] = rnd() < 0.1 ? 10 : 1;
  }
  return { students, clubs, cap, prefs, weight };
}

/** students → clubs → sink, students → sink (unplaced, 100 × w). aggregate: identical (prefs, weight) merged. */
export function clubNetwork(flow, inst, aggregate) {
  const groups = new Map();
  inst.prefs.forEach((p, s) => {
    const key = aggregate ? `${inst.weight[s]}|${p.join(',')}` : String(s);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { prefs: p, w: inst.weight[s], count: 1 });
  });
  const nodes = groups.size + inst.clubs + 1;
  const sink = nodes - 1;
  const b = flow.createNetworkBuilder(nodes, groups.size * 6 + inst.clubs);
  let i = 0;
  for (const g of groups.values()) {
    b.setSupply(i, g.count);
    g.prefs.forEach((c, k) => b.addArc(i, groups.size + c, g.count, (k + 1) * (k + 1) * g.w));
    b.addArc(i, sink, g.count, 100 * g.w);
    i++;
  }
  for (let c = 0; c < inst.clubs; c++) b.addArc(groups.size + c, sink, inst.cap[c], 0);
  b.setSupply(sink, -inst.students);
  return { net: b.build(), sources: groups.size };
}

/** Staff load balancing: duties (supply 1) → staff-day (cap 1 per eligible pair) → staff (≤ 3 per day) →
 * sink through parallel unit arcs costing 1, 3, 5, … (Σ load²); an uncovered duty costs 1000. */
export function coverNetwork(flow, staff, days, dutiesPerDay, seed = 1) {
  const rnd = prng(seed);
  const duties = days * dutiesPerDay;
  const staffDay = staff * days;
  const nodes = duties + staffDay + staff + 1;
  const sink = nodes - 1;
  const maxLoad = 12;
  const b = flow.createNetworkBuilder(nodes, duties * 50);
  const available = Array.from({ length: staff }, () => Array.from({ length: days }, () => rnd() > 0.1));
  const skill = Array.from({ length: staff }, () => Math.floor(rnd() * 5));
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < dutiesPerDay; k++) {
      const u = d * dutiesPerDay + k;
      b.setSupply(u, 1);
      const needs = rnd() < 0.3 ? Math.floor(rnd() * 5) : -1;
      for (let s = 0; s < staff; s++) {
        if (!available[s][d]) continue;
        if (needs >= 0 ? skill[s] !== needs : rnd() > 0.4) continue;
        b.addArc(u, duties + s * days + d, 1, 0);
      }
      b.addArc(u, sink, 1, 1000);
    }
  }
  for (let s = 0; s < staff; s++) {
    for (let d = 0; d < days; d++) b.addArc(duties + s * days + d, duties + staffDay + s, 3, 0);
    for (let k = 0; k < maxLoad; k++) b.addArc(duties + staffDay + s, sink, 1, 2 * k + 1);
  }
  b.setSupply(sink, -duties);
  return b.build();
}

function lpModel(inst) {
  const model = { optimize: 'cost', opType: 'min', constraints: {}, variables: {} };
  inst.prefs.forEach((p, s) => {
    const w = inst.weight[s];
    model.constraints[`s${s}`] = { equal: 1 };
    p.forEach((c, k) => { model.variables[`x${s}_${c}`] = { cost: (k + 1) * (k + 1) * w, [`s${s}`]: 1, [`c${c}`]: 1 }; });
    model.variables[`u${s}`] = { cost: 100 * w, [`s${s}`]: 1 };
  });
  for (let c = 0; c < inst.clubs; c++) model.constraints[`c${c}`] = { max: inst.cap[c] };
  return model;
}

const RUNS = 5;
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function cell(args) {
  const [kind, algorithm, sizeText, variant] = args;
  const flow = await import(pathToFileURL(modulePath).href);
  const size = JSON.parse(sizeText);
  const times = [];
  const cpus = [];
  let result;
  let buildMs = 0;
  let extra = {};
  let lastNet;
  if (kind === 'lp') {
    const lpMod = await import('javascript-lp-solver');
    const lp = lpMod.default.Solve ? lpMod.default : lpMod.default.default;
    const inst = clubInstance(size[0], size[1]);
    const t0 = performance.now();
    const r = lp.Solve(lpModel(inst));
    times.push(performance.now() - t0);
    const { net } = clubNetwork(flow, inst, false);
    const f = flow.minCostFlow(net);
    extra = { lpCost: r.result, lpFeasible: r.feasible, flowCost: f.cost, agree: Math.round(r.result) === f.cost };
  } else {
    const runs = algorithm === 'primal-dual' && size[0] >= 20000 ? 3 : RUNS;
    for (let run = 0; run < runs; run++) {
      const t0 = performance.now();
      let net;
      if (kind === 'club') {
        const built = clubNetwork(flow, clubInstance(size[0], size[1], 1, variant.startsWith('skewed') ? SKEWED : undefined), variant.endsWith('aggregated'));
        net = built.net;
        extra.sources = built.sources;
      } else {
        net = coverNetwork(flow, size[0], size[1], size[2]);
      }
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      result = flow.minCostFlow(net, { algorithm });
      const c2 = process.cpuUsage(c1);
      times.push(performance.now() - t1);
      cpus.push((c2.user + c2.system) / 1000);
      lastNet = net;
      buildMs = t1 - t0;
      extra.nodes = net.nodeCount;
      extra.arcs = net.arcFrom.length;
    }
    const v = flow.verifyOptimal(lastNet, result);
    extra.status = result.status;
    extra.cost = result.cost;
    extra.verified = v.ok;
  }
  process.stdout.write(
    JSON.stringify({ kind, algorithm, size, variant, coldMs: times[0], medianMs: median(times), minMs: Math.min(...times), cpuMedianMs: cpus.length ? median(cpus) : undefined, buildMs, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra }),
  );
}

function runCell(args) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cell', ...args], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 24 });
  if (r.status !== 0) return { kind: args[0], algorithm: args[1], size: JSON.parse(args[2]), variant: args[3], error: (r.stderr || `exit ${r.status}`).split('\n').slice(0, 3).join(' ') };
  return JSON.parse(r.stdout);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--cell') return cell(argv.slice(1));
  const quick = argv.includes('--quick');
  const algos = (argv.find((a) => a.startsWith('--algorithms='))?.slice(13) ?? 'network-simplex,cost-scaling,primal-dual').split(',');
  const clubSizes = quick ? [[2700, 60], [20000, 300]] : [[300, 12], [2700, 60], [8000, 150], [20000, 300]];
  const rows = [];
  const fmt = (x) => (x === undefined ? '' : x.toFixed(1));
  const print = (r) => {
    rows.push(r);
    if (r.error) console.log(`${r.kind} ${r.algorithm} ${JSON.stringify(r.size)} ${r.variant}: ERROR ${r.error}`);
    else console.log(`${r.kind.padEnd(5)} ${String(r.algorithm).padEnd(16)} ${JSON.stringify(r.size).padEnd(14)} ${String(r.variant ?? '').padEnd(17)} median ${fmt(r.medianMs).padStart(8)} ms  min ${fmt(r.minMs).padStart(8)} ms  cpu ${fmt(r.cpuMedianMs).padStart(7)} ms  cold ${fmt(r.coldMs).padStart(8)} ms  build ${fmt(r.buildMs).padStart(6)} ms  rss ${fmt(r.maxRssMB).padStart(6)} MB  nodes/arcs ${r.nodes ?? ''}/${r.arcs ?? ''}${r.sources ? ` sources ${r.sources}` : ''} ${r.status ?? ''} cost ${r.cost ?? r.lpCost} ${r.verified === undefined ? '' : r.verified ? 'verified' : 'NOT VERIFIED'}${r.agree === undefined ? '' : ` flow ${r.flowCost} agree=${r.agree}`}`);
  };
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`# flow bench  ${new Date().toISOString()}  node ${process.version}  nproc ${os.availableParallelism?.() ?? os.cpus().length}  ${os.cpus()[0]?.model ?? ''}  load ${load()}`);
  for (const size of clubSizes) for (const variant of ['per-student', 'aggregated']) for (const a of algos) print(runCell(['club', a, JSON.stringify(size), variant]));
  for (const size of quick ? [[20000, 300]] : [[2700, 60], [20000, 300]]) for (const variant of ['skewed', 'skewed-aggregated']) print(runCell(['club', algos[0], JSON.stringify(size), variant]));
  for (const size of quick ? [[200, 5, 100]] : [[60, 5, 30], [200, 5, 100]]) for (const a of algos) print(runCell(['cover', a, JSON.stringify(size), '']));
  if (!argv.includes('--no-lp')) for (const size of [[300, 12], [2700, 60]]) print(runCell(['lp', 'javascript-lp-solver', JSON.stringify(size), 'per-student']));
  console.log(`# done ${new Date().toISOString()}  load ${load()}`);
  if (argv.includes('--json')) console.log(JSON.stringify(rows));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
