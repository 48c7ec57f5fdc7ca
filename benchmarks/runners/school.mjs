// Runner for one school configuration (small, longhutang, mega, stress, or a preset at a given number of students).
// Runs in its own process: `node benchmarks/runners/school.mjs '<json>'`; prints one result line (RESULT_MARK).
//
// mode "bench" (default): generate → validate → warm-up solves checked by the independent checker (violations must
//   be 0, before any timing) → timed weekly plans (solve, semester off) and whole plans (semester on), median wall
//   time → the stage models the harness asks for written as LP files (clubs: the whole club stage; cover).
// mode "rss": read the instance file, validate, plan it once (default options): the peak RSS of a process that
//   plans this school, exactly (getrusage), and its wall time.
// mode "evaluate-cover": decode a CBC solution of cover.lp into holders and evaluate it with the cover stage's own
//   objective and hard-rule check (proves the exported MIP is the cover stage's model).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distUrl, emitResult, median, round, selfPeakRssMb } from '../lib/common.mjs';

const arg = JSON.parse(process.argv[2] ?? '{}');
const mode = arg.mode ?? 'bench';
const log = (s) => process.stderr.write(`  [${arg.label ?? arg.preset ?? 'school'}] ${s}\n`);

const { validateInstance } = await import(distUrl('model/validate.js'));
const { solve } = await import(distUrl('solver/index.js'));

const stripTimings = (schedule) => {
  const { timingsMs, solveMs, ...rest } = schedule.report ?? {};
  void timingsMs;
  void solveMs;
  return JSON.stringify({ ...schedule, report: rest });
};

if (mode === 'rss') {
  const t0 = performance.now();
  const value = JSON.parse(readFileSync(arg.instanceFile, 'utf8'));
  const v = validateInstance(value);
  if (!v.ok) {
    emitResult({ error: 'invalid-instance' });
    process.exit(0);
  }
  const t1 = performance.now();
  const r = solve(v.instance, { seed: arg.seed ?? 1, ...(arg.timeLimit ? { timeLimit: arg.timeLimit } : {}) });
  const t2 = performance.now();
  emitResult({ peakRssMb: selfPeakRssMb(), loadMs: round(t1 - t0), solveMs: round(t2 - t1), status: r.status });
  process.exit(0);
}

if (mode === 'evaluate-cover') {
  const { plannerStages, coverModelOf } = await import(distUrl('solver/export-lp.js'));
  const { evaluateCover, coverViolations } = await import(distUrl('solver/cover/model.js'));
  const instance = JSON.parse(readFileSync(arg.instanceFile, 'utf8'));
  const model = coverModelOf(plannerStages(instance));
  const holder = new Int32Array(model.nDuties).fill(-1);
  const values = JSON.parse(readFileSync(arg.valuesFile, 'utf8'));
  for (const [name, x] of Object.entries(values)) {
    const m = /^y(\d+)_(\d+)$/.exec(name);
    if (m && x > 0.5) holder[Number(m[1])] = Number(m[2]);
  }
  const ev = evaluateCover(model, holder);
  emitResult({ cost: ev.cost, objective: ev.objective, violations: coverViolations(model, holder).slice(0, 5), violationCount: coverViolations(model, holder).length });
  process.exit(0);
}

// ---------------------------------------------------------------- bench
const { generateSchool } = await import(distUrl('generate/build.js'));
const { check } = await import(distUrl('checker/index.js'));
const exportLp = await import(distUrl('solver/export-lp.js'));

const seed = arg.seed ?? 1;
const solveOptions = { seed: 1, ...(arg.timeLimit ? { timeLimit: arg.timeLimit } : {}) };
const work = arg.work;
mkdirSync(work, { recursive: true });

let t = performance.now();
const generated = generateSchool({ preset: arg.preset, seed, students: arg.students ?? 0 });
const generateMs = performance.now() - t;
const v = validateInstance(generated);
if (!v.ok) {
  emitResult({ error: 'invalid-instance', errors: v.errors.slice(0, 5).map((p) => `${p.path} ${p.code} ${p.message}`) });
  process.exit(0);
}
const instance = v.instance;
const instanceFile = join(work, 'instance.json');
writeFileSync(instanceFile, JSON.stringify(instance));
const size = {
  students: instance.students.length,
  classes: instance.classes.length,
  staff: instance.staff.length,
  schoolClubs: (instance.clubs ?? []).filter((c) => c.level === 'school').length,
  rooms: instance.rooms.length,
  clubsPerStudent: instance.policy?.clubsPerStudent ?? 1,
};
log(`${size.students} 名学生，${size.staff} 名教职工，${size.schoolClubs} 个校级社团（生成 ${round(generateMs, 0)} ms）`);

// warm-up runs, each checked by the independent checker before anything is timed
const checked = (label, semester) => {
  const s = performance.now();
  const r = solve(instance, { ...solveOptions, semester });
  const ms = performance.now() - s;
  const c0 = performance.now();
  const c = check(instance, r.schedule);
  const checkMs = performance.now() - c0;
  log(`${label}：${round(ms, 0)} ms，检查 ${round(checkMs, 0)} ms，违规 ${c.violations.length}`);
  return {
    result: r,
    coldMs: ms,
    checkMs,
    violations: c.violations.length,
    violationSamples: c.violations.slice(0, 5).map((x) => `${x.rule} ${x.path ?? ''} ${x.message}`),
    checkerClubCost: c.clubCost,
    declaredShortfalls: c.shortfalls.length,
  };
};
const warmWeek = checked('预热·每周模板', false);
const warmFull = checked('预热·整体（含学期）', true);

const timed = (semester, runs) => {
  const times = [];
  const stages = {};
  const fingerprints = new Set();
  let last;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    last = solve(instance, { ...solveOptions, semester });
    times.push(performance.now() - s);
    for (const [k, x] of Object.entries(last.schedule.report.timingsMs ?? {})) (stages[k] ??= []).push(x);
    fingerprints.add(stripTimings(last.schedule).length + ':' + last.schedule.report.cover?.cost);
  }
  return {
    runs,
    medianMs: round(median(times)),
    minMs: times.length ? round(Math.min(...times)) : null,
    maxMs: times.length ? round(Math.max(...times)) : null,
    timesMs: times.map((x) => round(x)),
    stagesMedianMs: Object.fromEntries(Object.entries(stages).map(([k, xs]) => [k, round(median(xs))])),
    identicalResults: fingerprints.size <= 1,
    last,
  };
};
const week = timed(false, arg.runs ?? 3);
log(`每周模板 ${week.runs} 次：中位数 ${week.medianMs} ms`);
const full = timed(true, arg.fullRuns ?? 1);
if (full.runs > 0) log(`整体（含学期）${full.runs} 次：中位数 ${full.medianMs} ms`);

const report = week.last.schedule.report;
const fullReport = (full.last ?? warmFull.result).schedule.report;

// stage models for the peers (only what the harness asks for: the scaling series exports nothing). They are the
// models of solve's LAST round (plannerStages, as `kehou export-lp` writes them): when the cover stage cannot staff
// a club's leader (coverage first), solve closes that club and runs both stages again, and its final clubCost and
// cover duties belong to that last round, and so do the exported models. exportedRound holds
// Kehou's own figures for the exported models; `same` guards that they are solve's final week.
const exported = {};
const wanted = arg.export ?? [];
let exportedRound;
if (wanted.length > 0) {
  const stages = exportLp.plannerStages(instance);
  const a = stages.clubs;
  const firstClosed = a.closedReason.filter((r) => r !== undefined).length;
  const finalClosed = report.clubAssignment?.closed?.length ?? firstClosed;
  exportedRound = {
    clubCost: a.cost,
    clubCostBound: a.bound,
    clubCostOptimal: a.optimal,
    duties: stages.duties.length,
    /** clubs solve closed after the first round (coverage first) */
    closedAfter: Math.max(0, finalClosed - firstClosed),
    /** solve's final week is the first round's: same club cost, same closures, same number of duties */
    same: a.cost === report.clubCost && finalClosed === firstClosed && stages.duties.length === report.counts?.duties,
  };
  if (wanted.includes('clubs')) {
    // the whole club stage's MILP exactly as `kehou export-lp --stage clubs` writes it (days, rooms, leaders, members)
    const t0 = performance.now();
    const { text, stats } = exportLp.exportLp(instance, 'clubs');
    writeFileSync(join(work, 'clubs.lp'), text);
    exported.clubs = { file: join(work, 'clubs.lp'), ...stats, bytes: text.length, exportMs: round(performance.now() - t0) };
  }
  if (wanted.includes('cover')) {
    const { text, info } = exportLp.coverLpText(exportLp.coverModelOf(stages));
    writeFileSync(join(work, 'cover.lp'), text);
    exported.cover = { file: join(work, 'cover.lp'), ...info, bytes: text.length };
  }
}

emitResult({
  label: arg.label,
  preset: arg.preset,
  seed,
  requestedStudents: arg.students ?? 0,
  size,
  instanceFile,
  generateMs: round(generateMs),
  check: {
    weekViolations: warmWeek.violations,
    fullViolations: warmFull.violations,
    violationSamples: [...warmWeek.violationSamples, ...warmFull.violationSamples].slice(0, 5),
    checkerClubCost: warmWeek.checkerClubCost,
    declaredShortfalls: warmFull.declaredShortfalls,
    checkMs: round(warmFull.checkMs),
  },
  coldWeekMs: round(warmWeek.coldMs),
  coldFullMs: round(warmFull.coldMs),
  week: { ...week, last: undefined },
  full: { ...full, last: undefined },
  status: report.status,
  fullStatus: fullReport.status,
  objective: report.objective,
  clubCost: report.clubCost,
  clubCostBound: report.clubCostBound,
  clubCostOptimal: report.clubCostOptimal,
  // the club stage's own figures (method, search nodes, whether the search completed)
  clubAssignment: report.clubAssignment ? { ...report.clubAssignment, closed: report.clubAssignment.closed?.length ?? 0 } : null,
  cover: report.cover,
  counts: report.counts,
  fullCounts: fullReport.counts,
  exported,
  exportedRound,
  peakRssMbThisRunner: selfPeakRssMb(),
});
