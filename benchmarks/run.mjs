#!/usr/bin/env node
// Kehou benchmark harness (`npm run bench`, `npm run bench -- --quick`). Runs against dist/ (built first when missing
// or older than src/). Each configuration runs in its own child process (benchmarks/runners/*.mjs):
//   school.mjs    one school: generate → validate → warm-up checked by the independent checker (0 violations) →
//                 timed weekly plans and whole plans (median) → stage models exported as LP files
//   district.mjs  20 whole schools planned in parallel worker threads
//   jslp.mjs      the whole club stage's LP file solved by javascript-lp-solver (time and memory capped)
// and the peers run on the same instances, same machine, same run, once per school (none in the scaling series):
// CBC (`cbc`, Debian package coinor-cbc) on the whole club stage's MILP (`kehou export-lp --stage clubs`: which clubs
// run, days, rooms, leaders, members; wall-clock cap, 120 s) and on the staff cover MIP (cap 60 s; best bound and
// solution); javascript-lp-solver on the same club MILP until the first school it does not finish (60 s, 4 GB).
//
// Writes results.json, RESULTS.md and scaling.svg (full run: into benchmarks/; --quick: into a temporary directory
// unless --out is given). Exit 1 when a correctness check fails (checker violations, a crash, CBC's club-stage
// optimum outside [Kehou's bound, Kehou's cost] or unequal to an optimum Kehou claims proven, CBC's cover solution
// breaking a rule); a missed speed or quality target is reported, not an error.
// Duration of a full run on the project's 2-core machine: ≈17 minutes quiet, ≈24 at load 8 (benchmarks/README.md).
//
// Options: --quick | --only small,longhutang,mega,stress,district,random,scaling | --out DIR | --cover-cap SECONDS
//          --clubs-cap SECONDS | --no-cbc | --no-jslp
//          --wait-load X (wait up to 15 min for the 1-min load average to drop below X)
//          --keep (keep the work directory with instances and LP files) | --no-build (do not rebuild a stale dist/)
//          --smoke (the harness test: small only, one timed run, short caps)
//          --render results.json (no measuring: redraw RESULTS.md and scaling.svg from saved results)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BENCH_DIR, ROOT, ensureBuilt, snapshotDist, snapshotLoads, lastLines, loadAverage, machineInfo, median, round, runChild, runRunner } from './lib/common.mjs';
import { CBC_INSTALL_HINT, findCbc, solveWithCbc } from './lib/cbc.mjs';
import { fmtMs, pct } from './lib/report.mjs';
import { compareClubStage, computeTargets, reading, writeOutputs } from './lib/summary.mjs';

const HELP = `用法：npm run bench [-- 选项]
  --quick               快速模式（约 3 分钟）：small、longhutang、20 所 small 学校、3 个规模点
  --only 名称,…         只跑这些配置：small longhutang mega stress district random scaling
  --out 目录            结果写入的目录（完整模式默认 benchmarks/，快速模式默认临时目录）
  --cover-cap 秒        CBC 求解值班模型的时限（完整模式 60，快速模式 10）
  --clubs-cap 秒        CBC 求解社团阶段整体模型的时限（完整模式 120，快速模式 60）
  --no-cbc              不运行 CBC；--no-jslp 不运行 javascript-lp-solver
  --no-build            dist/ 比 src/ 旧时也不重新构建（缺少 dist/ 时仍会构建）
  --smoke               自检（测试用）：只跑 small，计时 1 次，CBC 值班限时 2 秒
  --wait-load X         开始前最多等 15 分钟，直到 1 分钟平均负载低于 X
  --keep                保留工作目录（实例、LP 文件）
  --render 结果.json    不测量，只根据已有的 results.json 重新生成 RESULTS.md 与 scaling.svg`;

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name) => {
  const i = argv.indexOf(name);
  if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(name + '='));
  return eq ? eq.slice(name.length + 1) : undefined;
};
if (flag('--help') || flag('-h')) {
  process.stdout.write(HELP + '\n');
  process.exit(0);
}
const smoke = flag('--smoke'); // the test of the harness itself: one small school, one timed run, short caps
const quick = flag('--quick') || smoke;
const only = smoke ? ['small'] : value('--only')?.split(',').map((s) => s.trim()).filter(Boolean);
const want = (name) => !only || only.includes(name);
const outDir = resolve(value('--out') ?? (quick ? join(os.tmpdir(), 'kehou-bench-quick') : BENCH_DIR));
const coverCap = Number(value('--cover-cap') ?? (smoke ? 2 : quick ? 10 : 60));
const useCbc = !flag('--no-cbc');
const clubsCap = Number(value('--clubs-cap') ?? (smoke ? 20 : quick ? 60 : 120));
/** random schools are small: CBC proves their club stage in about a second */
const RANDOM_CLUBS_CAP = Math.min(30, clubsCap);
const useJslp = !flag('--no-jslp');
const JSLP_CAP_S = quick ? 30 : 60;
const JSLP_MEM_MB = 4096;
const CBC_MEM_MB = 8192;
const log = (s) => process.stderr.write(s + '\n');

/**
 * Configurations. runs: timed weekly plans; fullRuns: timed whole plans (semester); cli: runs of `kehou solve`;
 * clubs: CBC (one run, capped) and javascript-lp-solver on the whole club stage; cover: CBC on the cover MIP.
 */
const SCHOOLS = smoke
  ? [{ label: 'small', preset: 'small', runs: 1, fullRuns: 0, cli: 0, clubs: true, cover: true }]
  : quick
  ? [
      { label: 'small', preset: 'small', runs: 3, fullRuns: 1, cli: 1, clubs: true, cover: true },
      { label: 'longhutang', preset: 'longhutang', runs: 3, fullRuns: 0, cli: 0, clubs: true, cover: false },
    ]
  : [
      { label: 'small', preset: 'small', runs: 7, fullRuns: 3, cli: 3, clubs: true, cover: true },
      { label: 'longhutang', preset: 'longhutang', runs: 5, fullRuns: 3, cli: 3, clubs: true, cover: true },
      { label: 'mega', preset: 'mega', runs: 3, fullRuns: 2, cli: 1, clubs: true, cover: true },
      { label: 'stress', preset: 'stress', runs: 3, fullRuns: 1, cli: 1, clubs: true, cover: false },
    ];
const DISTRICT = quick ? { preset: 'small', schools: 20, runs: 1 } : { preset: 'longhutang', schools: 20, runs: 3 };
/** small random schools (random preset) where CBC can prove the cover optimum: Kehou's true gap */
const RANDOM = quick ? { seeds: [1, 2], capSeconds: 10 } : { seeds: [1, 2, 3, 4, 5, 6, 7, 8], capSeconds: 60 };
const SCALING = quick
  ? { preset: 'stress', students: [500, 2000, 5000], runs: 1 }
  : { preset: 'stress', students: [500, 1000, 2000, 3000, 5000, 8000, 12000, 16000, 20000], runs: 3 };

// --render FILE: redraw RESULTS.md, scaling.svg (and the targets and reading in results.json) from a results.json
const renderFrom = value('--render');
if (renderFrom) {
  const R = JSON.parse(readFileSync(resolve(renderFrom), 'utf8'));
  R.targets = computeTargets(R);
  R.reading = reading(R);
  const dir = resolve(value('--out') ?? dirname(resolve(renderFrom)));
  writeOutputs(R, dir);
  process.stderr.write(`已根据 ${renderFrom} 重新生成 ${join(dir, 'RESULTS.md')}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------- setup
const started = performance.now();
const waitLoad = value('--wait-load');
if (waitLoad !== undefined) {
  const limit = Number(waitLoad);
  const until = Date.now() + 15 * 60_000;
  while (os.loadavg()[0] >= limit && Date.now() < until) {
    log(`等待负载降低：当前 ${loadAverage().join(' / ')}，目标 < ${limit}`);
    await new Promise((r) => setTimeout(r, 30_000));
  }
}
const built = ensureBuilt(log, false, !flag('--no-build'));
// every runner imports this snapshot of dist/ (other work may rebuild dist/ during a long run)
let snapshot = snapshotDist();
if (!snapshotLoads(snapshot.dir)) {
  // taken in the middle of someone's rebuild: build once more and take it again
  snapshot.remove();
  ensureBuilt(log, true, true);
  snapshot = snapshotDist();
  if (!snapshotLoads(snapshot.dir)) {
    log('dist/ 无法加载（见上面的错误），基准测试停止。');
    snapshot.remove();
    process.exit(1);
  }
}
process.env.KEHOU_BENCH_DIST = snapshot.dir;
process.on('exit', () => snapshot.remove());
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
const cbc = useCbc ? findCbc() : undefined;
if (useCbc && !cbc) log(`⚠ ${CBC_INSTALL_HINT}。CBC 一栏将跳过。`);
const cbcSkip = useCbc ? '未安装 CBC（apt-get install coinor-cbc）' : '已用 --no-cbc 关闭';
const work = mkdtempSync(join(os.tmpdir(), 'kehou-bench-'));
const R = {
  mode: quick ? 'quick' : 'full',
  machine: machineInfo(),
  loadBefore: loadAverage(),
  build: built,
  cbc: cbc ?? null,
  cbcHint: cbc ? undefined : CBC_INSTALL_HINT,
  jslpVersion: JSON.parse(readFileSync(join(ROOT, 'node_modules/javascript-lp-solver/package.json'), 'utf8')).version,
  // what the club peers solve: the whole club stage's MILP (issue 10); results without it compared the old
  // transportation model of fixed sessions and are rendered as such
  clubModel: 'whole-stage',
  cbcClubsCapSeconds: clubsCap,
  cbcRandomClubsCapSeconds: RANDOM_CLUBS_CAP,
  cbcCoverCapSeconds: coverCap,
  jslpCapSeconds: JSLP_CAP_S,
  jslpMemMb: JSLP_MEM_MB,
  jslpFailedAt: null,
  schools: [],
  district: undefined,
  scaling: undefined,
  targets: [],
  failures: [],
};
log(`Kehou 基准测试（${R.mode}）：${R.machine.nproc} 核，${R.machine.cpuModel}，${R.machine.memoryGB} GB，Node ${R.machine.node}，负载 ${R.loadBefore.join(' / ')}`);
log(`CBC：${cbc ? `${cbc.version}（${cbc.path}）` : '无'}；工作目录 ${work}`);

const tolEqual = (a, b) => a !== null && b !== null && a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

// ---------------------------------------------------------------- peers
/** CBC on the whole club stage's MILP, one run with a wall-clock cap, checked against Kehou's figures (compareClubStage). */
async function cbcClubs(res, cap) {
  if (!cbc) return { skipped: cbcSkip };
  const lp = res.exported?.clubs?.file;
  if (!lp) return { skipped: '没有导出模型' };
  log(`  CBC 社团阶段整体模型（${res.exported.clubs.variables} 个变量，其中 0-1 变量 ${res.exported.clubs.integers} 个，限时 ${cap} 秒）…`);
  const r = await solveWithCbc(cbc, lp, { capSeconds: cap, memLimitMb: CBC_MEM_MB });
  const out = {
    capSeconds: cap,
    wallMs: r.wallMs,
    status: r.status,
    objective: r.objective,
    bound: r.bound,
    rootLpSolved: r.rootLpSolved,
    nodes: r.nodes,
    cbcWallSeconds: r.cbcWallSeconds,
    cbcCpuSeconds: r.cbcCpuSeconds,
    peakRssMb: r.peakRssMb,
    // Kehou's figures for the exported model: solve's last round (plannerStages, as export-lp writes it)
    ...compareClubStage(kehouClubs(res), r),
    ...(res.exportedRound && !res.exportedRound.same ? { finalClubCost: res.clubCost, closedAfter: res.exportedRound.closedAfter } : {}),
  };
  const cmp =
    out.optimum !== null
      ? out.kehouAboveOptimum <= 1e-6
        ? '相等'
        : `Kehou 高 ${pct(out.kehouAboveOptimum)}，下界低 ${pct(out.boundBelowOptimum)}`
      : `最好解 ${r.objective ?? '无'}，下界 ${r.bound ?? '—'}`;
  log(
    `  CBC 社团阶段：${fmtMs(r.wallMs)}，${out.optimum !== null ? `最优值 ${r.objective}` : `未证明（${r.status}）`}；Kehou ${out.kehouCost}（下界 ${out.kehouBound}${out.kehouProven ? '，已证明最优' : ''}）→ ${cmp}${out.consistent ? '' : ' 不一致！'}` +
      (out.finalClubCost !== undefined ? `（solve 最终因值班覆盖优先又关闭 ${out.closedAfter} 个社团，clubCost ${out.finalClubCost}）` : ''),
  );
  for (const p of out.problems) R.failures.push(`${res.label}: club stage: ${p}`);
  return out;
}

/** Kehou's club figures for the exported (first-round) model: { cost, bound, proven } */
const kehouClubs = (res) =>
  res.exportedRound
    ? { cost: res.exportedRound.clubCost, bound: res.exportedRound.clubCostBound, proven: res.exportedRound.clubCostOptimal === true }
    : { cost: res.clubCost, bound: res.clubCostBound, proven: res.clubCostOptimal === true };

/** The exported club model's optimum when one is proven (by Kehou, or by CBC in this run), else null. */
const knownClubOptimum = (res) => {
  const k = kehouClubs(res);
  return k.proven ? k.cost : (res.cbcClubs?.optimum ?? null);
};

/** javascript-lp-solver on the same LP file as CBC (a child capped in time and memory). */
async function jslpClubs(res) {
  if (!useJslp) return { skipped: '已用 --no-jslp 关闭' };
  const lpFile = res.exported?.clubs?.file;
  if (!lpFile) return { skipped: '没有导出模型' };
  const r = await runRunner('jslp.mjs', { lpFile }, { timeoutMs: JSLP_CAP_S * 1000, memLimitMb: JSLP_MEM_MB, nodeArgs: [`--max-old-space-size=${JSLP_MEM_MB}`] });
  if (r.failure || !r.result) {
    const failure = r.timedOut ? `超过 ${JSLP_CAP_S} 秒` : r.memExceeded ? `内存超过 ${JSLP_MEM_MB} MB` : /heap out of memory|Allocation failed/i.test(r.failure ?? '') ? '内存不足（堆上限）' : r.failure;
    log(`  javascript-lp-solver：未完成（${failure}）`);
    return { failure, wallMs: round(r.wallMs), peakRssMb: r.polledPeakRssMb, didNotFinish: true };
  }
  const x = r.result;
  const optimum = knownClubOptimum(res);
  const valid = x.feasible && x.fractional === 0 && x.maxViolation <= 1e-6;
  const equal = valid && optimum !== null && Math.abs(x.cost - optimum) <= 1e-6 * Math.max(1, Math.abs(optimum));
  log(`  javascript-lp-solver：${fmtMs(r.wallMs)}，代价 ${x.cost}（${optimum !== null ? `最优 ${optimum}` : '最优值未知'}），${x.fractional} 个非整数，最大违反 ${x.maxViolation}`);
  return { ...x, wallMs: round(r.wallMs), peakRssMb: Math.max(x.peakRssMb ?? 0, r.polledPeakRssMb ?? 0), optimum, valid, equal };
}

async function cbcCover(res, cap) {
  if (!cbc) return { skipped: cbcSkip };
  const lp = res.exported?.cover?.file;
  if (!lp) return { skipped: '没有导出模型' };
  const solutionFile = join(work, `${res.label}-cover.sol`);
  log(`  CBC 值班模型（${res.exported.cover.variables} 个变量，限时 ${cap} 秒）…`);
  const r = await solveWithCbc(cbc, lp, { capSeconds: cap, solutionFile, memLimitMb: CBC_MEM_MB });
  const { solution, ...rest } = r;
  let kehouEval;
  if (solution && solution.values.size > 0 && r.objective !== null) {
    const valuesFile = join(work, `${res.label}-cover-values.json`);
    writeFileSync(valuesFile, JSON.stringify(Object.fromEntries(solution.values)));
    const ev = await runRunner('school.mjs', { mode: 'evaluate-cover', label: res.label, instanceFile: res.instanceFile, valuesFile }, { timeoutMs: 300_000 });
    kehouEval = ev.result ?? { error: ev.failure };
  }
  // the exported cover model is solve's last round's; should the final week ever differ from it (a guard), the
  // cover has other duties and Kehou's figures are not those of this model
  const sameModel = res.exportedRound?.same !== false;
  const bestBound = Math.max(sameModel ? (res.cover?.bound ?? -Infinity) : -Infinity, r.bound ?? -Infinity);
  const cost = res.cover?.cost;
  const out = {
    ...rest,
    sameModel,
    kehouEval,
    bestBound: Number.isFinite(bestBound) ? bestBound : null,
    kehouGapToBestBound: sameModel && Number.isFinite(bestBound) && cost !== undefined ? (cost - bestBound) / Math.max(1, Math.abs(cost)) : null,
    cbcBetterThanKehou: sameModel && r.objective !== null && cost !== undefined ? r.objective < cost - 1e-6 : null,
  };
  log(`  CBC 值班：${r.status}，${fmtMs(r.wallMs)}，最好解 ${r.objective ?? '无'}，下界 ${r.bound ?? '—'}；Kehou ${cost}（下界 ${res.cover?.bound}）${sameModel ? '' : '（solve 的最终值班任务与导出模型不同：又关闭了社团）'}`);
  if (kehouEval && !kehouEval.error && r.objective !== null && !tolEqual(kehouEval.cost, r.objective)) {
    R.failures.push(`${res.label}: CBC cover objective ${r.objective} ≠ its solution re-evaluated by Kehou ${kehouEval.cost}`);
  }
  if (kehouEval && kehouEval.violationCount > 0) R.failures.push(`${res.label}: CBC cover solution breaks ${kehouEval.violationCount} hard rules of the cover stage`);
  if (sameModel && r.bound !== null && cost !== undefined && r.status === 'optimal' && r.objective > cost + 1e-6 * Math.max(1, cost)) {
    R.failures.push(`${res.label}: CBC proved cover optimum ${r.objective} > Kehou's cover cost ${cost}: the exported model is not the cover stage's`);
  }
  return out;
}

// ---------------------------------------------------------------- configurations
async function school(cfg, extra = {}) {
  const dir = join(work, cfg.label);
  log(`\n== ${cfg.label} ==（负载 ${loadAverage().join(' / ')}）`);
  const loadAtStart = loadAverage();
  const r = await runRunner(
    'school.mjs',
    {
      mode: 'bench',
      label: cfg.label,
      preset: cfg.preset,
      seed: cfg.seed ?? 1,
      students: cfg.students ?? 0,
      runs: cfg.runs,
      fullRuns: cfg.fullRuns,
      work: dir,
      export: [...(cfg.clubs ? ['clubs'] : []), ...(cfg.cover ? ['cover'] : [])],
    },
    { timeoutMs: 1_800_000, log },
  );
  if (!r.result || r.result.error) {
    const error = r.result?.error ? `${r.result.error} ${(r.result.errors ?? []).join('; ')}` : r.failure;
    log(`  失败：${error}`);
    R.failures.push(`${cfg.label}: ${error}`);
    return { label: cfg.label, preset: cfg.preset, requestedStudents: cfg.students ?? 0, error, loadAtStart };
  }
  const res = { ...r.result, loadAtStart, runnerWallMs: round(r.wallMs) };
  const viol = res.check.weekViolations + res.check.fullViolations;
  if (viol > 0) R.failures.push(`${cfg.label}: ${viol} checker violations: ${res.check.violationSamples.join(' | ')}`);
  // the checker recomputes clubCost independently of the planner
  if (res.check.checkerClubCost !== res.clubCost) R.failures.push(`${cfg.label}: checker clubCost ${res.check.checkerClubCost} ≠ planner ${res.clubCost}`);
  const rss = await runRunner('school.mjs', { mode: 'rss', label: cfg.label, instanceFile: res.instanceFile }, { timeoutMs: 900_000 });
  res.rss = rss.result ? { ...rss.result, wallMs: round(rss.wallMs) } : { error: rss.failure };
  log(`  峰值内存（新进程读取并排出整体）：${res.rss.peakRssMb ?? '—'} MB`);
  if (!extra.scaling) {
    if (cfg.cli > 0) {
      const times = [];
      let failure;
      for (let i = 0; i < cfg.cli; i++) {
        const c = await runChild(process.execPath, [join(snapshot.dir, 'cli/main.js'), 'solve', res.instanceFile, '-o', join(dir, 'schedule.json')], { timeoutMs: 900_000 });
        if (c.code !== 0) failure = `exit ${c.code}: ${lastLines(c.stderr, 2)}`;
        times.push(c.wallMs);
      }
      res.cli = { runs: cfg.cli, medianMs: round(median(times)), timesMs: times.map((x) => round(x)), ...(failure ? { failure } : {}) };
      if (failure) R.failures.push(`${cfg.label}: kehou solve ${failure}`);
      log(`  命令行 kehou solve：${fmtMs(res.cli.medianMs)}`);
    }
  }
  if (cfg.clubs) {
    res.cbcClubs = await cbcClubs(res, cfg.clubsCap ?? clubsCap);
    // javascript-lp-solver: per school in order of size, until the first it does not finish
    if (cfg.jslp === false) res.jslpClubs = undefined;
    else if (R.jslpFailedAt !== null) res.jslpClubs = { skipped: `未运行：在 ${R.jslpFailedAt.toLocaleString('en-US')} 人时已未完成` };
    else {
      res.jslpClubs = await jslpClubs(res);
      if (res.jslpClubs.didNotFinish) R.jslpFailedAt = res.size.students;
    }
  }
  if (cfg.cover) res.cbcCover = await cbcCover(res, cfg.coverCap ?? coverCap);
  return res;
}

for (const cfg of SCHOOLS) if (want(cfg.label)) R.schools.push(await school(cfg));

if (want('district')) {
  log(`\n== district ==（负载 ${loadAverage().join(' / ')}）`);
  const r = await runRunner('district.mjs', { ...DISTRICT, semester: true }, { timeoutMs: 1_800_000, log });
  R.district = r.result ?? { error: r.failure, schools: DISTRICT.schools, preset: DISTRICT.preset };
  if (R.district.error) R.failures.push(`district: ${R.district.error}`);
  else if (R.district.violations > 0) R.failures.push(`district: ${R.district.violations} checker violations: ${R.district.violationSamples.join(' | ')}`);
  else log(`  整批 ${fmtMs(R.district.batchMedianMs)}`);
}

if (want('random')) {
  const points = [];
  for (const seed of RANDOM.seeds) {
    const cfg = { label: `random-${seed}`, preset: 'random', seed, runs: 3, fullRuns: 0, cli: 0, clubs: true, clubsCap: RANDOM_CLUBS_CAP, jslp: false, cover: true, coverCap: RANDOM.capSeconds };
    points.push(await school(cfg, { scaling: true }));
  }
  R.random = { capSeconds: RANDOM.capSeconds, points };
}

if (want('scaling')) {
  // Kehou alone: the peers run per school above (CBC needs minutes for the whole club stage from 2,700 students on)
  const points = [];
  for (const n of SCALING.students) {
    const cfg = { label: `${SCALING.preset}-${n}`, preset: SCALING.preset, students: n, runs: SCALING.runs, fullRuns: 0, clubs: false, cover: false };
    points.push(await school(cfg, { scaling: true }));
  }
  R.scaling = { preset: SCALING.preset, runs: SCALING.runs, points };
}

// ---------------------------------------------------------------- targets, reading, outputs
R.targets = computeTargets(R);
R.loadAfter = loadAverage();
R.totalMs = round(performance.now() - started);
R.reading = reading(R);
writeOutputs(R, outDir);
if (!flag('--keep')) rmSync(work, { recursive: true, force: true });
log(`\n完成（${fmtMs(R.totalMs)}）：${join(outDir, 'RESULTS.md')}、results.json${R.scaling ? '、scaling.svg' : ''}`);
for (const t of R.targets) log(`  ${t.met === null ? '·' : t.met ? '✓' : '✗'} ${t.text}：${t.measured}`);
if (R.failures.length) {
  log(`正确性问题 ${R.failures.length} 个：`);
  for (const f of R.failures) log(`  ✗ ${f}`);
  process.exitCode = 1;
}
