#!/usr/bin/env node
// Staff cover against the proven optimum (issue 16): a fixed set of generated schools, Kehou's cover stage (plan
// cost and its own proven lower bound) next to CBC solving the exported cover MIP (`kehou export-lp --stage cover`)
// to proven optimality under a CPU-time cap. Gaps are relative to the COVERABLE part of the cost: the optimum minus
// 100,000 for every duty left uncovered in it (those penalties are the same in every plan that covers as much).
//
//   node benchmarks/cover-cbc.mjs                      every instance; CBC results from the cache, CBC run on a miss
//   node benchmarks/cover-cbc.mjs --only random-4,small-2 --cap 1800
//   node benchmarks/cover-cbc.mjs --no-cbc             Kehou only (the CBC columns come from the cache when present)
//   node benchmarks/cover-cbc.mjs --render             redraw cover-cbc.md and RESULTS.md from the last measured rows
//   node benchmarks/cover-cbc.mjs --write              also write benchmarks/cover-cbc.md and redraw RESULTS.md with it
//                                                      (run.mjs --render benchmarks/results.json)
//
// CBC runs one at a time under `nice -n 10`, with `timeMode cpu` (the cap counts CPU seconds, so a busy machine
// does not cut a run short) and a wall-clock kill at 10 × the cap. Its results are cached in benchmarks/cover-cbc.json
// by the SHA-256 of the LP text: the same model is never solved twice, and a changed model is solved afresh. Each
// CBC solution is decoded into holders and re-evaluated with the cover stage's own objective and hard-rule check.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, distUrl, ensureBuilt, loadAverage, machineInfo, median, round, runChild } from './lib/common.mjs';
import { findCbc, parseCbcOutput, parseCbcSolution } from './lib/cbc.mjs';
import { coverCbcMarkdown } from './lib/cover-cbc-report.mjs';

/** The fixed instance set (the cases of issue 16 first): generator preset, seed (and size). `tiny` is the smallest random school
 * of seeds 1–30 (48 students); small-250 the small preset at its least size. */
export const COVER_CBC_INSTANCES = [
  { label: 'tiny', preset: 'random', seed: 2 },
  { label: 'random-1', preset: 'random', seed: 1 },
  { label: 'random-6', preset: 'random', seed: 6 },
  { label: 'random-10', preset: 'random', seed: 10 },
  { label: 'random-7', preset: 'random', seed: 7 },
  { label: 'random-4', preset: 'random', seed: 4 },
  { label: 'small-250', preset: 'small', seed: 1, students: 100 },
  { label: 'random-14', preset: 'random', seed: 14 },
  { label: 'small-2', preset: 'small', seed: 2 },
  { label: 'random-17', preset: 'random', seed: 17 },
  { label: 'random-8', preset: 'random', seed: 8 },
  { label: 'random-3', preset: 'random', seed: 3 },
  { label: 'random-5', preset: 'random', seed: 5 },
  { label: 'random-11', preset: 'random', seed: 11 },
];

/** Kehou's cover cost and bound before issue 16 (commit 1f088ac, the same instances), for the table's first columns. */
export const BEFORE_ISSUE_16 = {"tiny": {cost: 362.8148148148148, bound: 362.8148144519988}, "random-1": {cost: 502616.578125, bound: 502120.1729332754}, "random-3": {cost: 886.9135802469135, bound: 886.9135793599985}, "random-4": {cost: 2256.265306122449, bound: 2206.774424825633}, "random-5": {cost: 1101.3125, bound: 1100.3124988996426}, "random-6": {cost: 1040.125, bound: 910.6047303471823}, "random-7": {cost: 304.390625, bound: 304.39062469560366}, "random-8": {cost: 319.53086419753083, bound: 319.5308638779803}, "random-10": {cost: 500372.0625, bound: 500329.8432496702}, "random-11": {cost: 573.8367346938776, bound: 536.5552686315758}, "random-14": {cost: 1026.078125, bound: 1012.8437489871494}, "random-17": {cost: 902369.03125, bound: 801254.3103485012}, "small-250": {cost: 721.3125, bound: 702.8124992970997}, "small-2": {cost: 1669.25, bound: 1628.0119428161036}};

const argv = process.argv.slice(2);
const flag = (n) => argv.includes(n);
const value = (n) => {
  const i = argv.indexOf(n);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : undefined;
};
const capSeconds = Number(value('--cap') ?? 900);
const only = value('--only')?.split(',').map((s) => s.trim()).filter(Boolean);
const cacheFile = value('--cache') ?? join(BENCH_DIR, 'cover-cbc.json');
const runs = Number(value('--runs') ?? 3);
const log = (s) => process.stderr.write(s + '\n');

/** figures measured elsewhere that the table cannot show, with where they come from */
const NOTES = {
  'random-4':
    'issue 16 表中的 2,221.69（CBC 357 秒证明）属于当时的模型（整体社团阶段之前、第一轮的值班任务）；现在导出的是 solve 最后一轮' +
    '社团 ↔ 值班所覆盖的任务，CBC 用 74 CPU 秒证明其最优值为 2,253.37；Kehou 由 LP 取整（四次，每次再经按天的大邻域搜索）得到的安排等于它。',
  'small-2': 'issue 16 记录的 1,648.13 是旧模型（整体社团阶段之前）上 CBC 的最好解（未证明最优），与现在的模型不可直接比较；Kehou 的 1,630.5 低于 CBC 在 40 CPU 秒内找到的最好解 1,646.5。',
  'random-10':
    '最后一轮：一位达到每周上限的教师把周四整个下午交给同事（同事的周四社团因此无人指导、不开设），自己接下周一无人承担的一节；' +
    '社团不开设后 solve 再排一轮，多覆盖一项任务（issue 16 之前经 solve 为 200,372.06）。',
};
// --render: the table again from the last measured rows (cover-cbc.json lastTable), nothing measured
if (flag('--render')) {
  const saved = JSON.parse(readFileSync(cacheFile, 'utf8'));
  const rows = saved.lastTable.rows.map((r) => ({ ...r, cbc: r.cbcSha ? saved.cbc[r.cbcSha] : null }));
  const md = coverCbcMarkdown({ machine: saved.lastTable.machine, rows, W_U: 100_000, notes: NOTES });
  writeFileSync(join(BENCH_DIR, 'cover-cbc.md'), md + '\n');
  spawnSync(process.execPath, [join(BENCH_DIR, 'run.mjs'), '--render', join(BENCH_DIR, 'results.json')], { stdio: 'inherit' });
  process.stdout.write(md + '\n');
  process.exit(0);
}

ensureBuilt(log);
const { generateSchool } = await import(distUrl('generate/build.js'));
const { validateInstance } = await import(distUrl('model/validate.js'));
const { solve } = await import(distUrl('solver/index.js'));
const { check } = await import(distUrl('checker/index.js'));
const exportLp = await import(distUrl('solver/export-lp.js'));
/** the cover model (objective and hard-rule check of a plan) */
const coverModel = await import(distUrl('solver/cover/model.js'));
const W_U = coverModel.COVER_WEIGHTS.uncovered;

const cache = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : { about: '', cbc: {}, kehou: {} };
cache.about =
  'benchmarks/cover-cbc.mjs: CBC results on the exported cover MIP, keyed by the SHA-256 of the LP text (holder = the ' +
  "staff index per duty in CBC's best solution, -1 uncovered); kehou = the last measured Kehou figures per instance";
cache.cbc ??= {};
cache.kehou ??= {};
const saveCache = () => writeFileSync(cacheFile, JSON.stringify(cache, null, 1) + '\n');

const cbc = flag('--no-cbc') ? undefined : findCbc();
if (!cbc && !flag('--no-cbc')) log('未找到 cbc：只测 Kehou；CBC 列取自缓存（如有）。');

const work = mkdtempSync(join(os.tmpdir(), 'kehou-cover-cbc-'));
const instances = COVER_CBC_INSTANCES.filter((x) => !only || only.includes(x.label));
const rows = [];
for (const spec of instances) {
  const generated = generateSchool({ preset: spec.preset, seed: spec.seed, students: spec.students ?? 0 });
  const v = validateInstance(generated);
  if (!v.ok) throw new Error(`${spec.label}: generated instance invalid`);
  const instance = v.instance;
  // Kehou: weekly plan (semester off), checked by the independent checker, then timed
  const first = solve(instance, { seed: 1, semester: false });
  const violations = check(instance, first.schedule).violations.length;
  const times = [];
  const coverTimes = [];
  let last = first;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = solve(instance, { seed: 1, semester: false });
    times.push(performance.now() - t);
    coverTimes.push(last.schedule.report.timingsMs?.cover ?? NaN);
  }
  const report = last.schedule.report;
  // the exported cover MIP
  const stages = exportLp.plannerStages(instance);
  const model = exportLp.coverModelOf(stages);
  const { text, info } = exportLp.coverLpText(model);
  const sha = createHash('sha256').update(text).digest('hex');
  let staticUncoverable = 0;
  for (let d = 0; d < model.nDuties; d++) {
    let any = false;
    for (let s = 0; s < model.nStaff && !any; s++) any = model.eligible[d * model.nStaff + s] === 1 && model.minutes[d] <= model.maxMinutes[s];
    if (!any) staticUncoverable++;
  }
  const kehou = {
    cost: report.cover.cost,
    bound: report.cover.bound,
    gap: report.cover.gap,
    status: report.cover.status,
    uncovered: report.objective?.uncoveredDuties ?? null,
    checkerViolations: violations,
    weekMedianMs: round(median(times)),
    coverMedianMs: round(median(coverTimes)),
    identical: last.schedule.report.cover.cost === first.schedule.report.cover.cost,
  };
  cache.kehou[spec.label] = { ...kehou, lpSha: sha, date: new Date().toISOString() };
  log(`${spec.label}: ${model.nDuties} 项任务，${model.nStaff} 名教职工；Kehou ${round(kehou.cost, 2)}（下界 ${round(kehou.bound, 2)}），每周模板 ${kehou.weekMedianMs} ms`);

  // CBC, from the cache or solved now
  let hit = cache.cbc[sha];
  const needs = !hit || (hit.status !== 'optimal' && hit.capSeconds < capSeconds && flag('--extend'));
  if (cbc && (needs || flag('--rerun'))) {
    const lp = join(work, `${spec.label}.lp`);
    const sol = join(work, `${spec.label}.sol`);
    writeFileSync(lp, text);
    log(`  CBC（nice -n 10，CPU 时限 ${capSeconds} s）…`);
    const r = await runChild('nice', ['-n', '10', cbc.path, lp, 'timeMode', 'cpu', 'sec', String(capSeconds), 'solve', 'solu', sol], {
      timeoutMs: capSeconds * 10_000 + 60_000,
    });
    const parsed = parseCbcOutput(r.stdout);
    let holder = null;
    let evaluation = null;
    if (existsSync(sol)) {
      const { values } = parseCbcSolution(readFileSync(sol, 'utf8'));
      const h = new Int32Array(model.nDuties).fill(-1);
      let any = false;
      for (const [name, x] of values) {
        const m = /^y(\d+)_(\d+)$/.exec(name);
        if (m && x > 0.5) ((h[Number(m[1])] = Number(m[2])), (any = true));
      }
      if (any || parsed.objective !== null) {
        holder = Array.from(h);
        const ev = coverModel.evaluateCover(model, h);
        evaluation = { cost: ev.cost, objective: ev.objective, violations: coverModel.coverViolations(model, h).length };
      }
      rmSync(sol);
    }
    hit = {
      label: spec.label,
      capSeconds,
      status: r.timedOut ? 'killed' : parsed.status,
      objective: parsed.objective,
      bound: parsed.bound,
      nodes: parsed.nodes,
      cpuSeconds: parsed.cbcCpuSeconds,
      wallSeconds: round(r.wallMs / 1000, 1),
      holder,
      evaluation,
      lp: { variables: info.variables, rows: info.rows, nonzeros: info.nonzeros },
      date: new Date().toISOString(),
      cbcVersion: cbc.version,
    };
    cache.cbc[sha] = hit;
    saveCache();
    rmSync(lp);
    log(`  CBC：${hit.status}，${hit.objective}（下界 ${hit.bound}），${hit.cpuSeconds} CPU s，${hit.wallSeconds} s 墙钟`);
  }
  rows.push({ ...spec, before: BEFORE_ISSUE_16[spec.label] ?? null, duties: model.nDuties, staff: model.nStaff, students: instance.students.length, staticUncoverable, kehou, cbc: hit ?? null });
  saveCache();
}
rmSync(work, { recursive: true, force: true });

const result = { machine: { ...machineInfo(), load: loadAverage() }, capSeconds, rows, W_U, notes: NOTES };
const md = coverCbcMarkdown(result);
process.stdout.write(md + '\n');
if (flag('--write')) {
  writeFileSync(join(BENCH_DIR, 'cover-cbc.md'), md + '\n');
  cache.lastTable = { date: new Date().toISOString(), machine: result.machine, rows: rows.map(({ cbc: c, ...r }) => ({ ...r, cbcSha: c ? Object.keys(cache.cbc).find((k) => cache.cbc[k] === c) : null })) };
  saveCache();
  log(`已写入 ${join(BENCH_DIR, 'cover-cbc.md')}`);
  // RESULTS.md carries the table too: redraw it from the last full run's results.json
  const r = spawnSync(process.execPath, [join(BENCH_DIR, 'run.mjs'), '--render', join(BENCH_DIR, 'results.json')], { stdio: 'inherit' });
  if (r.status !== 0) log('RESULTS.md 未能重新生成');
}
