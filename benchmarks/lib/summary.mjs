// Targets, the short reading and the output files of a benchmark run, computed from the results alone (so
// `run.mjs --render results.json` can redraw RESULTS.md and scaling.svg without measuring again).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BENCH_DIR } from './common.mjs';
import { join } from 'node:path';
import { fmtMs, knownCoverOptimum, pct, resultsMarkdown, scalingSvg } from './report.mjs';

/** The targets of issue 6, each { id, text, measured, met: true | false | null (not measured) }. */
export function computeTargets(R) {
  const targets = [];
  const byLabel = (l) => R.schools.find((s) => s.label === l && !s.error);
  const lht = byLabel('longhutang');
  const mega = byLabel('mega');
  const sec = (ms) => (ms === null || ms === undefined ? '—' : fmtMs(ms));
  const target = (id, text, measured, met) => targets.push({ id, text, measured, met });
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
    const known = (R.random?.points ?? []).filter((p) => !p.error).map(knownCoverOptimum).filter((k) => k !== null);
    const worst = known.length ? Math.max(...known.map((k) => k.kehouGap)) : null;
    target(
      'cover-vs-optimum',
      '值班安排与已知最优值相差 ≤ 0.5 %（小型随机学校，最优值由 CBC 或双方的解与下界确定；相对可安排部分，即扣除无人能承担任务的罚分）',
      known.length ? `${known.filter((k) => k.kehouGap <= 0.005).length} / ${known.length} 所在 0.5 % 内，最差 ${pct(worst)}` : '—',
      known.length ? worst <= 0.005 : null,
    );
  }
  target(
    'district',
    '20 所完整学校并行 ≤ 15 秒',
    R.district && !R.district.error ? `${sec(R.district.batchMedianMs)}（${R.district.schools} 所 ${R.district.preset}，${R.district.workers} 线程）` : '—',
    R.district && !R.district.error ? R.district.batchMedianMs <= 15000 && R.district.preset !== 'small' : null,
  );
  if (R.district?.preset === 'small') targets[targets.length - 1].met = null; // quick mode: small schools, not the target
  return targets;
}

function cbcCoverText(R, s) {
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

/** The short reading of the results (Chinese sentences built from the numbers). */
export function reading(R) {
  const out = [];
  const ok = R.schools.filter((s) => !s.error);
  for (const s of ok) {
    const st = s.week.stagesMedianMs;
    const total = Object.values(st).reduce((a, b) => a + b, 0) || 1;
    const cover = st.cover ?? 0;
    out.push(
      `${s.label}（${s.size.students.toLocaleString('en-US')} 人）：每周模板 ${fmtMs(s.week.medianMs)}，其中值班阶段占 ${Math.round((100 * cover) / total)} %、社团分配 ${fmtMs((st.clubs ?? st.clubAssignment))}；` +
        `值班差距 ${pct(s.cover?.gap)}（${s.cover?.status}）` +
        (s.cbcCover && !s.cbcCover.skipped ? `；${cbcCoverText(R, s)}` : '') +
        '。',
    );
  }
  const rnd = (R.random?.points ?? []).filter((p) => !p.error && p.cbcCover && !p.cbcCover.skipped);
  if (rnd.length) {
    const proven = rnd.filter((p) => p.cbcCover.status === 'optimal');
    const known = rnd.filter((p) => knownCoverOptimum(p) !== null);
    const same = known.filter((p) => knownCoverOptimum(p).kehouGap <= 1e-6);
    const moreUncovered = rnd.filter((p) => p.cbcCover.kehouEval && p.objective.uncoveredDuties > p.cbcCover.kehouEval.objective.uncovered);
    out.push(
      `小型随机学校：CBC 在 ${R.random.capSeconds} 秒内证明了 ${proven.length} / ${rnd.length} 所的值班最优值，加上双方的解与下界共知道 ${known.length} 所的最优值；Kehou 在其中 ${same.length} 所达到最优` +
        (moreUncovered.length ? `，但在 ${moreUncovered.map((p) => p.label).join('、')} 比最优方案多留了无人承担的任务（Kehou ${moreUncovered.map((p) => p.objective.uncoveredDuties).join('、')} 项，最优 ${moreUncovered.map((p) => p.cbcCover.kehouEval.objective.uncovered).join('、')} 项）` : '') +
        `；Kehou 的下界${rnd.some((p) => p.cbcCover.bound !== null && p.cbcCover.bound > p.cover.bound + 1e-6) ? '在部分学校低于 CBC 的下界' : '不低于 CBC 的下界'}。`,
    );
  }
  const pts = (R.scaling?.points ?? []).filter((p) => !p.error);
  if (pts.length >= 2) {
    const a = pts[0];
    const b = pts[pts.length - 1];
    // growth exponent: least squares of log time on log students over the points from 1,000 students up
    const fit = pts.filter((p) => p.size.students >= 1000);
    let exp = null;
    if (fit.length >= 2) {
      const xs = fit.map((p) => Math.log(p.size.students));
      const ys = fit.map((p) => Math.log(p.week.medianMs));
      const mx = xs.reduce((u, v) => u + v, 0) / xs.length;
      const my = ys.reduce((u, v) => u + v, 0) / ys.length;
      let num = 0;
      let den = 0;
      xs.forEach((x, i) => ((num += (x - mx) * (ys[i] - my)), (den += (x - mx) ** 2)));
      exp = num / den;
    }
    out.push(
      `规模曲线：学生从 ${a.size.students.toLocaleString('en-US')} 增到 ${b.size.students.toLocaleString('en-US')}，每周模板从 ${fmtMs(a.week.medianMs)} 增到 ${fmtMs(b.week.medianMs)}` +
        (exp !== null ? `（1,000 人以上按对数拟合约为 n^${exp.toFixed(2)}）` : '') +
        `；最大规模时社团分配 ${fmtMs(b.week.stagesMedianMs.clubs)}、值班 ${fmtMs(b.week.stagesMedianMs.cover)}，值班阶段始终占大部分时间。`,
    );
    const failed = (R.scaling?.points ?? []).filter((p) => p.error);
    if (failed.length) out.push(`规模曲线在 ${failed.map((p) => p.requestedStudents.toLocaleString('en-US')).join('、')} 人处中断：${failed[0].error}。`);
    const cb = pts.filter((p) => p.cbcClubs && !p.cbcClubs.skipped);
    if (cb.length) {
      const faster = cb.filter((p) => p.week.stagesMedianMs.clubs < p.cbcClubs.wallMedianMs).length;
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


/** Writes results.json, RESULTS.md and (with a scaling series) scaling.svg into outDir. */
export function writeOutputs(R, outDir) {
  mkdirSync(outDir, { recursive: true });
  const json = JSON.parse(JSON.stringify(R, (k, v) => (v instanceof Map ? undefined : v)));
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(json, null, 2) + '\n');
  const series = [];
  if (R.scaling) {
    const pts = R.scaling.points.filter((p) => !p.error);
    series.push({ name: 'Kehou 每周模板 · weekly plan', color: '#1f77b4', points: pts.map((p) => [p.size.students, p.week.medianMs / 1000]) });
    series.push({ name: 'Kehou 社团分配 · club stage', color: '#2ca02c', points: pts.map((p) => [p.size.students, p.week.stagesMedianMs.clubs / 1000]) });
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
  // the staff cover vs. proven optimum table (benchmarks/cover-cbc.mjs --write, its own runner and cache) goes in too
  const coverCbc = join(BENCH_DIR, 'cover-cbc.md');
  // and the whole club stage vs CBC (benchmarks/clubs-stage.mjs; its section kept in benchmarks/clubs-stage.md)
  const clubsStage = join(BENCH_DIR, 'clubs-stage.md');
  const md = {
    ...json,
    ...(existsSync(coverCbc) ? { coverCbcMarkdown: readFileSync(coverCbc, 'utf8').trim() } : {}),
    ...(existsSync(clubsStage) ? { clubsStageMarkdown: readFileSync(clubsStage, 'utf8').trim() } : {}),
  };
  writeFileSync(join(outDir, 'RESULTS.md'), resultsMarkdown(md));
}
