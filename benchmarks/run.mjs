#!/usr/bin/env node
// Kehou benchmark harness (`npm run bench`, `npm run bench -- --quick`). Runs against dist/ (built first when missing
// or older than src/). Each configuration runs in its own child process (benchmarks/runners/*.mjs):
//   school.mjs    one school: generate → validate → warm-up checked by the independent checker (0 violations) →
//                 timed weekly plans and whole plans (median) → stage models exported as LP files
//   district.mjs  20 whole schools planned in parallel worker threads
//   jslp.mjs      the club model solved by javascript-lp-solver (time and memory capped)
// and the peers run on the same instances, same machine, same run: CBC (`cbc`, Debian package coinor-cbc) on the
// club transportation LP (optimum must EQUAL Kehou's) and on the staff cover MIP (time cap; best bound/solution).
//
// Writes results.json, RESULTS.md and scaling.svg (full run: into benchmarks/; --quick: into a temporary directory
// unless --out is given). Exit 1 when a correctness check fails (checker violations, club optimum ≠ CBC's, a crash);
// a missed speed target is reported, not an error.
//
// Options: --quick | --only small,longhutang,mega,stress,district,random,scaling | --out DIR | --cover-cap SECONDS
//          --no-cbc | --no-jslp | --wait-load X (wait up to 15 min for the 1-min load average to drop below X)
//          --keep (keep the work directory with instances and LP files) | --no-build (do not rebuild a stale dist/)
//          --smoke (the harness test: small only, one timed run, short caps)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { BENCH_DIR, ROOT, ensureBuilt, snapshotDist, snapshotLoads, lastLines, loadAverage, machineInfo, median, round, runChild, runRunner } from './lib/common.mjs';
import { CBC_INSTALL_HINT, findCbc, solveWithCbc } from './lib/cbc.mjs';
import { fmtMs, pct, resultsMarkdown, scalingSvg } from './lib/report.mjs';

const HELP = `用法：npm run bench [-- 选项]
  --quick               快速模式（约 2 分钟内）：small、longhutang、20 所 small 学校、3 个规模点
  --only 名称,…         只跑这些配置：small longhutang mega stress district random scaling
  --out 目录            结果写入的目录（完整模式默认 benchmarks/，快速模式默认临时目录）
  --cover-cap 秒        CBC 求解值班模型的时限（完整模式 60，快速模式 10）
  --no-cbc              不运行 CBC；--no-jslp 不运行 javascript-lp-solver
  --no-build            dist/ 比 src/ 旧时也不重新构建（缺少 dist/ 时仍会构建）
  --smoke               自检（测试用）：只跑 small，计时 1 次，CBC 值班限时 2 秒
  --wait-load X         开始前最多等 15 分钟，直到 1 分钟平均负载低于 X
  --keep                保留工作目录（实例、LP 文件）`;

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
const useJslp = !flag('--no-jslp');
const JSLP_CAP_S = quick ? 30 : 60;
const JSLP_MEM_MB = 4096;
const CBC_MEM_MB = 8192;
const log = (s) => process.stderr.write(s + '\n');

/** Configurations. runs: timed weekly plans; fullRuns: timed whole plans (semester); cli: runs of `kehou solve`. */
const SCHOOLS = smoke
  ? [{ label: 'small', preset: 'small', runs: 1, fullRuns: 0, cli: 0, cbcRuns: 1, cover: true, jslp: true }]
  : quick
  ? [
      { label: 'small', preset: 'small', runs: 3, fullRuns: 1, cli: 1, cbcRuns: 1, cover: true, jslp: true },
      { label: 'longhutang', preset: 'longhutang', runs: 3, fullRuns: 0, cli: 0, cbcRuns: 1, cover: false, jslp: true },
    ]
  : [
      { label: 'small', preset: 'small', runs: 7, fullRuns: 3, cli: 3, cbcRuns: 3, cover: true, jslp: true },
      { label: 'longhutang', preset: 'longhutang', runs: 5, fullRuns: 3, cli: 3, cbcRuns: 3, cover: true, jslp: true },
      { label: 'mega', preset: 'mega', runs: 3, fullRuns: 2, cli: 1, cbcRuns: 3, cover: true, jslp: true },
      { label: 'stress', preset: 'stress', runs: 3, fullRuns: 1, cli: 1, cbcRuns: 1, cover: false, jslp: false },
    ];
const DISTRICT = quick ? { preset: 'small', schools: 20, runs: 1 } : { preset: 'longhutang', schools: 20, runs: 3 };
/** small random schools (random preset) where CBC can prove the cover optimum: Kehou's true gap */
const RANDOM = quick ? { seeds: [1, 2], capSeconds: 10 } : { seeds: [1, 2, 3, 4, 5, 6, 7, 8], capSeconds: 60 };
const SCALING = quick
  ? { preset: 'stress', students: [500, 2000, 5000], runs: 1 }
  : { preset: 'stress', students: [500, 1000, 2000, 3000, 5000, 8000, 12000, 16000, 20000], runs: 3 };

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
  cbcCoverCapSeconds: coverCap,
  jslpCapSeconds: JSLP_CAP_S,
  jslpMemMb: JSLP_MEM_MB,
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
async function cbcClubs(res, runs) {
  if (!cbc) return { skipped: cbcSkip };
  const lp = res.exported?.clubs?.file;
  if (!lp) return { skipped: '没有导出模型' };
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = await solveWithCbc(cbc, lp, { capSeconds: 600 });
    times.push(last.wallMs);
  }
  const equal = last.status === 'optimal' && tolEqual(last.objective, res.clubCostBound) && tolEqual(last.objective, res.clubModelPlanner.bound);
  const out = {
    runs,
    wallMedianMs: round(median(times)),
    wallTimesMs: times,
    status: last.status,
    objective: last.objective,
    cbcWallSeconds: last.cbcWallSeconds,
    cbcCpuSeconds: last.cbcCpuSeconds,
    peakRssMb: last.peakRssMb,
    kehouOptimum: res.clubCostBound,
    equal,
  };
  log(`  CBC 社团分配：${fmtMs(out.wallMedianMs)}，最优值 ${out.objective}，Kehou ${res.clubCostBound} → ${equal ? '相等' : '不相等！'}`);
  if (!equal) R.failures.push(`${res.label}: CBC club optimum ${out.objective} (${out.status}) ≠ Kehou ${res.clubCostBound}`);
  return out;
}

async function jslpClubs(res, optimum) {
  if (!useJslp) return { skipped: '已用 --no-jslp 关闭' };
  const modelFile = res.exported?.clubs?.modelFile;
  if (!modelFile) return { skipped: '没有导出模型' };
  const r = await runRunner('jslp.mjs', { modelFile }, { timeoutMs: JSLP_CAP_S * 1000, memLimitMb: JSLP_MEM_MB, nodeArgs: [`--max-old-space-size=${JSLP_MEM_MB}`] });
  if (r.failure || !r.result) {
    const failure = r.timedOut ? `超过 ${JSLP_CAP_S} 秒` : r.memExceeded ? `内存超过 ${JSLP_MEM_MB} MB` : /heap out of memory|Allocation failed/i.test(r.failure ?? '') ? '内存不足（堆上限）' : r.failure;
    log(`  javascript-lp-solver：未完成（${failure}）`);
    return { failure, wallMs: round(r.wallMs), peakRssMb: r.polledPeakRssMb, didNotFinish: true };
  }
  const x = r.result;
  const equal = x.feasible && x.fractional === 0 && tolEqual(x.cost, optimum);
  log(`  javascript-lp-solver：${fmtMs(r.wallMs)}，代价 ${x.cost}（最优 ${optimum}），${x.fractional} 个非整数`);
  return { ...x, wallMs: round(r.wallMs), peakRssMb: Math.max(x.peakRssMb ?? 0, r.polledPeakRssMb ?? 0), optimum, equal };
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
  const bestBound = Math.max(res.cover?.bound ?? -Infinity, r.bound ?? -Infinity);
  const cost = res.cover?.cost;
  const out = {
    ...rest,
    kehouEval,
    bestBound: Number.isFinite(bestBound) ? bestBound : null,
    kehouGapToBestBound: Number.isFinite(bestBound) && cost !== undefined ? (cost - bestBound) / Math.max(1, Math.abs(cost)) : null,
    cbcBetterThanKehou: r.objective !== null && cost !== undefined ? r.objective < cost - 1e-6 : null,
  };
  log(`  CBC 值班：${r.status}，${fmtMs(r.wallMs)}，最好解 ${r.objective ?? '无'}，下界 ${r.bound ?? '—'}；Kehou ${cost}（下界 ${res.cover?.bound}）`);
  if (kehouEval && !kehouEval.error && r.objective !== null && !tolEqual(kehouEval.cost, r.objective)) {
    R.failures.push(`${res.label}: CBC cover objective ${r.objective} ≠ its solution re-evaluated by Kehou ${kehouEval.cost}`);
  }
  if (kehouEval && kehouEval.violationCount > 0) R.failures.push(`${res.label}: CBC cover solution breaks ${kehouEval.violationCount} hard rules of the cover stage`);
  if (r.bound !== null && cost !== undefined && r.status === 'optimal' && r.objective > cost + 1e-6 * Math.max(1, cost)) {
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
      export: ['clubs', ...(cfg.cover ? ['cover'] : [])],
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
  res.cbcClubs = await cbcClubs(res, cfg.cbcRuns ?? 1);
  const optimum = res.cbcClubs && !res.cbcClubs.skipped ? res.cbcClubs.objective : res.clubCostBound;
  if (cfg.jslp) res.jslpClubs = await jslpClubs(res, optimum);
  else if (extra.jslpSkip) res.jslpClubs = { skipped: extra.jslpSkip };
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
    const cfg = { label: `random-${seed}`, preset: 'random', seed, runs: 3, fullRuns: 0, cli: 0, cbcRuns: 1, cover: true, jslp: false, coverCap: RANDOM.capSeconds };
    points.push(await school(cfg, { scaling: true }));
  }
  R.random = { capSeconds: RANDOM.capSeconds, points };
}

if (want('scaling')) {
  const points = [];
  let jslpFailedAt;
  for (const n of SCALING.students) {
    const cfg = { label: `${SCALING.preset}-${n}`, preset: SCALING.preset, students: n, runs: SCALING.runs, fullRuns: 0, cbcRuns: 1, cover: false, jslp: useJslp && jslpFailedAt === undefined };
    const p = await school(cfg, { scaling: true, jslpSkip: jslpFailedAt !== undefined ? `未运行：在 ${jslpFailedAt.toLocaleString('en-US')} 人时已未完成` : undefined });
    points.push(p);
    if (p.jslpClubs?.didNotFinish && jslpFailedAt === undefined) jslpFailedAt = p.size?.students ?? n;
  }
  R.scaling = { preset: SCALING.preset, runs: SCALING.runs, points, jslpFailedAt: jslpFailedAt ?? null };
}

// ---------------------------------------------------------------- targets and reading
const byLabel = (l) => R.schools.find((s) => s.label === l && !s.error);
const lht = byLabel('longhutang');
const mega = byLabel('mega');
const sec = (ms) => (ms === null || ms === undefined ? '—' : fmtMs(ms));
const target = (id, text, measured, met) => R.targets.push({ id, text, measured, met });
target('longhutang-week', '龙虎塘（≈2,700 人）每周模板 ≤ 1 秒（2 核）', lht ? sec(lht.week.medianMs) : '—', lht ? lht.week.medianMs <= 1000 : null);
{
  const cb = lht?.cbcClubs;
  const ok = lht && cb && !cb.skipped;
  target(
    'longhutang-vs-cbc',
    '龙虎塘每周模板整体不慢于 CBC 只解社团分配一个阶段',
    ok ? `Kehou ${sec(lht.week.medianMs)}，CBC ${sec(cb.wallMedianMs)}（进程全过程）` : '—',
    ok ? lht.week.medianMs <= cb.wallMedianMs : null,
  );
}
target('mega-week', '九年一贯制 mega（≈8,000 人）每周模板 ≤ 5 秒', mega ? sec(mega.week.medianMs) : '—', mega ? mega.week.medianMs <= 5000 : null);
{
  const all = [...R.schools, ...(R.random?.points ?? []), ...(R.scaling?.points ?? [])].filter((s) => !s.error && s.cbcClubs && !s.cbcClubs.skipped);
  const eq = all.filter((s) => s.cbcClubs.equal).length;
  target('clubs-equal-cbc', '社团分配最优值与 CBC 相等', all.length ? `${eq} / ${all.length} 个实例相等` : '—', all.length ? eq === all.length : null);
}
{
  const all = R.schools.filter((s) => !s.error && s.cover);
  const within = all.filter((s) => s.cover.gap <= 0.005);
  target(
    'cover-gap',
    '值班安排与下界的差距 ≤ 0.5 %（Kehou 自己的下界）',
    all.length ? all.map((s) => `${s.label} ${pct(s.cover.gap)}`).join('，') : '—',
    all.length ? within.length === all.length : null,
  );
}
{
  const proven = (R.random?.points ?? []).filter((p) => !p.error && p.cbcCover?.status === 'optimal');
  const worst = proven.length ? Math.max(...proven.map((p) => (p.cover.cost - p.cbcCover.objective) / Math.max(1, Math.abs(p.cbcCover.objective)))) : null;
  target(
    'cover-vs-optimum',
    '值班安排与 CBC 证明的最优值相差 ≤ 0.5 %（小型随机学校）',
    proven.length ? `${proven.filter((p) => p.cover.cost <= p.cbcCover.objective * 1.005 + 1e-9).length} / ${proven.length} 所在 0.5 % 内，最差 ${pct(worst)}` : '—',
    proven.length ? worst <= 0.005 : null,
  );
}
target(
  'district',
  '20 所完整学校并行 ≤ 15 秒',
  R.district && !R.district.error ? `${sec(R.district.batchMedianMs)}（${R.district.schools} 所 ${R.district.preset}，${R.district.workers} 线程）` : '—',
  R.district && !R.district.error ? R.district.batchMedianMs <= 15000 && R.district.preset !== 'small' : null,
);
if (R.district?.preset === 'small') R.targets[R.targets.length - 1].met = null; // quick mode: small schools, not the target

R.loadAfter = loadAverage();
R.reading = reading(R);
R.totalMs = round(performance.now() - started);

function cbcCoverText(s) {
  const c = s.cbcCover;
  if (c.status === 'optimal') return `CBC ${fmtMs(c.wallMs)} 证明值班最优 ${c.objective}（Kehou ${s.cover.cost}）`;
  if ((c.status === 'killed' || c.status === 'memory') && !c.rootLpSolved) {
    return `CBC 在 ${R.cbcCoverCapSeconds} 秒时限内连根节点 LP 松弛都没有解完（${fmtMs(c.wallMs)} 时被结束），没有可行解也没有下界`;
  }
  return (
    `CBC 在 ${fmtMs(c.wallMs)} 内未证明最优：最好解 ${c.objective ?? '无'}${c.cbcBetterThanKehou ? '（优于 Kehou）' : c.objective !== null ? '（不如 Kehou）' : ''}、下界 ${c.bound ?? '—'}` +
    (c.bound !== null && c.bound > s.cover.bound ? '（高于 Kehou 的下界）' : '')
  );
}

function reading(R) {
  const out = [];
  const ok = R.schools.filter((s) => !s.error);
  for (const s of ok) {
    const st = s.week.stagesMedianMs;
    const total = Object.values(st).reduce((a, b) => a + b, 0) || 1;
    const cover = st.cover ?? 0;
    out.push(
      `${s.label}（${s.size.students.toLocaleString('en-US')} 人）：每周模板 ${fmtMs(s.week.medianMs)}，其中值班阶段占 ${Math.round((100 * cover) / total)} %、社团分配 ${fmtMs(st.clubAssignment)}；` +
        `值班差距 ${pct(s.cover?.gap)}（${s.cover?.status}）` +
        (s.cbcCover && !s.cbcCover.skipped ? `；${cbcCoverText(s)}` : '') +
        '。',
    );
  }
  const rnd = (R.random?.points ?? []).filter((p) => !p.error && p.cbcCover && !p.cbcCover.skipped);
  if (rnd.length) {
    const proven = rnd.filter((p) => p.cbcCover.status === 'optimal');
    const same = proven.filter((p) => Math.abs(p.cover.cost - p.cbcCover.objective) <= 1e-6 * Math.max(1, p.cbcCover.objective));
    const moreUncovered = proven.filter((p) => p.cbcCover.kehouEval && p.objective.uncoveredDuties > p.cbcCover.kehouEval.objective.uncovered);
    out.push(
      `小型随机学校：CBC 在 ${R.random.capSeconds} 秒内证明了 ${proven.length} / ${rnd.length} 所的值班最优值；Kehou 在其中 ${same.length} 所达到最优` +
        (moreUncovered.length ? `，但在 ${moreUncovered.map((p) => p.label).join('、')} 比最优方案多留了无人承担的任务（Kehou ${moreUncovered.map((p) => p.objective.uncoveredDuties).join('、')} 项，最优 ${moreUncovered.map((p) => p.cbcCover.kehouEval.objective.uncovered).join('、')} 项）` : '') +
        `；Kehou 的下界${rnd.some((p) => p.cbcCover.bound !== null && p.cbcCover.bound > p.cover.bound + 1e-6) ? '在部分学校低于 CBC 的下界' : '不低于 CBC 的下界'}。`,
    );
  }
  const pts = (R.scaling?.points ?? []).filter((p) => !p.error);
  if (pts.length >= 2) {
    const a = pts[0];
    const b = pts[pts.length - 1];
    const ratio = b.week.medianMs / Math.max(1e-9, a.week.medianMs);
    const nRatio = b.size.students / a.size.students;
    const exp = Math.log(ratio) / Math.log(nRatio);
    out.push(
      `规模曲线：学生从 ${a.size.students.toLocaleString('en-US')} 增到 ${b.size.students.toLocaleString('en-US')}（×${nRatio.toFixed(1)}），每周模板从 ${fmtMs(a.week.medianMs)} 增到 ${fmtMs(b.week.medianMs)}（×${ratio.toFixed(1)}，约 n^${exp.toFixed(2)}）；` +
        `最大规模时社团分配 ${fmtMs(b.week.stagesMedianMs.clubAssignment)}、值班 ${fmtMs(b.week.stagesMedianMs.cover)}。`,
    );
    const cb = pts.filter((p) => p.cbcClubs && !p.cbcClubs.skipped);
    if (cb.length) {
      const faster = cb.filter((p) => p.week.stagesMedianMs.clubAssignment < p.cbcClubs.wallMedianMs).length;
      out.push(`社团分配：Kehou 的最小费用流在 ${faster} / ${cb.length} 个规模上快于 CBC 解同一运输模型（CBC 含读 LP 文件与进程启动），所有规模最优值${cb.every((p) => p.cbcClubs.equal) ? '均相等' : '有不相等！'}。`);
    }
    out.push(
      R.scaling.jslpFailedAt
        ? `javascript-lp-solver 在 ${R.scaling.jslpFailedAt.toLocaleString('en-US')} 人时未能在 ${R.jslpCapSeconds} 秒 / ${R.jslpMemMb} MB 内解完社团分配模型，更大的规模不再尝试。`
        : `javascript-lp-solver 在所有规模上都在 ${R.jslpCapSeconds} 秒 / ${R.jslpMemMb} MB 内解完。`,
    );
  }
  if (R.district && !R.district.error) {
    out.push(`学区批量：${R.district.schools} 所学校在 ${R.district.workers} 个线程上 ${fmtMs(R.district.batchMedianMs)}，约为单校中位数 ${fmtMs(R.district.perSchoolMedianMs)} × ${R.district.schools} / ${R.district.workers} = ${fmtMs((R.district.perSchoolMedianMs * R.district.schools) / R.district.workers)}。`);
  }
  const missed = R.targets.filter((t) => t.met === false);
  if (missed.length) out.push(`未达到的目标：${missed.map((t) => `${t.text}（实测 ${t.measured}）`).join('；')}。`);
  if (R.failures.length) out.push(`正确性问题：${R.failures.join('；')}。`);
  if (Math.max(...R.loadBefore.slice(0, 1), ...R.loadAfter.slice(0, 1)) > R.machine.nproc) {
    out.push(`注意：运行期间机器负载（${R.loadBefore[0]} → ${R.loadAfter[0]}）高于核数 ${R.machine.nproc}，时间偏慢，应在空闲时重测。`);
  }
  return out;
}

// ---------------------------------------------------------------- outputs
mkdirSync(outDir, { recursive: true });
const json = JSON.parse(JSON.stringify(R, (k, v) => (v instanceof Map ? undefined : v)));
writeFileSync(join(outDir, 'results.json'), JSON.stringify(json, null, 2) + '\n');
const series = [];
if (R.scaling) {
  const pts = R.scaling.points.filter((p) => !p.error);
  series.push({ name: 'Kehou 每周模板 · weekly plan', color: '#1f77b4', points: pts.map((p) => [p.size.students, p.week.medianMs / 1000]) });
  series.push({ name: 'Kehou 社团分配 · club stage', color: '#2ca02c', points: pts.map((p) => [p.size.students, p.week.stagesMedianMs.clubAssignment / 1000]) });
  series.push({ name: 'Kehou 值班 · staff cover', color: '#9467bd', dash: '2 3', points: pts.map((p) => [p.size.students, p.week.stagesMedianMs.cover / 1000]) });
  const cbcPts = pts.filter((p) => p.cbcClubs && !p.cbcClubs.skipped);
  if (cbcPts.length) series.push({ name: 'CBC 社团分配 · club stage (process)', color: '#d62728', dash: '6 4', points: cbcPts.map((p) => [p.size.students, p.cbcClubs.wallMedianMs / 1000]) });
  const js = pts.filter((p) => p.jslpClubs && !p.jslpClubs.skipped);
  if (js.length) {
    series.push({
      name: 'javascript-lp-solver 社团分配 · club stage',
      color: '#ff7f0e',
      dash: '3 3',
      points: js.filter((p) => !p.jslpClubs.didNotFinish).map((p) => [p.size.students, p.jslpClubs.wallMs / 1000]),
      failures: js.filter((p) => p.jslpClubs.didNotFinish).map((p) => [p.size.students, '未完成 · did not finish']),
    });
  }
  writeFileSync(
    join(outDir, 'scaling.svg'),
    scalingSvg(series, { note: `${R.machine.nproc} 核 ${R.machine.cpuModel}，Node ${R.machine.node}，${R.machine.date.slice(0, 10)}，生成器预设 ${R.scaling.preset}` }),
  );
}
writeFileSync(join(outDir, 'RESULTS.md'), resultsMarkdown(json));
if (!flag('--keep')) rmSync(work, { recursive: true, force: true });
log(`\n完成（${fmtMs(R.totalMs)}）：${join(outDir, 'RESULTS.md')}、results.json${R.scaling ? '、scaling.svg' : ''}`);
for (const t of R.targets) log(`  ${t.met === null ? '·' : t.met ? '✓' : '✗'} ${t.text}：${t.measured}`);
if (R.failures.length) {
  log(`正确性问题 ${R.failures.length} 个：`);
  for (const f of R.failures) log(`  ✗ ${f}`);
  process.exitCode = 1;
}
