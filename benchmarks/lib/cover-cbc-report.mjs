// Table of benchmarks/cover-cbc.mjs: Kehou's cover plan and bound next to CBC's optimum (or best solution and
// bound), gaps relative to the coverable part of the cost (the optimum minus 100,000 per duty it leaves uncovered).
import { fmtMs, fmtNum, pct } from './report.mjs';

/**
 * Figures of one row: the optimum when CBC proved it (else the best known solution and the best bound of either
 * side), the uncovered duties of that solution and the coverable part, Kehou's gaps relative to it.
 */
export function coverGaps(row, W_U = 100_000) {
  const k = row.kehou;
  const c = row.cbc;
  const cbcCost = c?.evaluation && c.evaluation.violations === 0 ? c.evaluation.cost : null;
  const proven = c?.status === 'optimal' && cbcCost !== null;
  const bestSol = cbcCost !== null && cbcCost < k.cost ? cbcCost : k.cost;
  const bestUncovered = bestSol === k.cost ? k.uncovered : c.evaluation.objective.uncovered;
  const lower = Math.max(k.bound, c?.bound ?? -Infinity);
  const provenOpt = proven || bestSol - lower <= 1e-6 * Math.max(1, Math.abs(bestSol));
  const optimum = proven ? cbcCost : provenOpt ? bestSol : null;
  const fixed = W_U * bestUncovered;
  const coverable = Math.max(1, bestSol - fixed);
  // the best bound allows fewer uncovered duties than the best plan has: the coverable part is not known
  const undecided = !provenOpt && Math.floor((lower + 1e-6) / W_U) < bestUncovered;
  return {
    undecided,
    proven: provenOpt,
    provenBy: proven ? 'cbc' : provenOpt ? 'bounds' : null,
    optimum,
    bestSol,
    lower,
    bestUncovered,
    coverable,
    /** Kehou's plan above the optimum (or above the best known solution: a lower estimate) */
    planAbove: (k.cost - bestSol) / coverable,
    /** Kehou's plan above the best bound of either side (an upper estimate when not proven) */
    planAboveLower: (k.cost - lower) / Math.max(1, lower - fixed),
    /** Kehou's bound below the optimum (or below the best known solution: an upper estimate) */
    boundBelow: (bestSol - k.bound) / coverable,
    /** Kehou's reported gap, relative to the coverable part of its own plan */
    reportedCoverable: (k.cost - k.bound) / Math.max(1, k.cost - W_U * k.uncovered),
  };
}

const cbcStatus = (c) =>
  !c
    ? '未运行'
    : c.status === 'optimal'
      ? `已证明最优（${fmtNum(c.cpuSeconds, 1)} CPU 秒）`
      : c.status === 'time-limit'
        ? `到时限停止（${fmtNum(c.capSeconds)} CPU 秒）`
        : c.status === 'killed'
          ? `未证明，中途停止（约 ${fmtNum(c.cpuSeconds)} CPU 秒）`
          : c.status;

/** Markdown of a cover-cbc result ({ machine, capSeconds, rows, W_U }). */
export function coverCbcMarkdown(R) {
  const L = [];
  L.push('### 值班安排与 CBC 证明的最优值 · Staff cover vs. the proven optimum');
  L.push('');
  L.push(
    '`node benchmarks/cover-cbc.mjs`：固定的一组生成学校，Kehou 值班阶段的安排与它自己证明的下界，对照 CBC 求解同一个导出模型' +
      '（`kehou export-lp --stage cover`）到证明最优（`nice -n 10`，CPU 时间上限，结果按 LP 文本的 SHA-256 缓存在 benchmarks/cover-cbc.json）。' +
      'CBC 的解用 Kehou 自己的目标函数与硬约束重新计算。**差距相对于可安排部分**：最优值（或已知最好解）减去其中每项无人承担任务的 100,000 罚分——' +
      '这些罚分在覆盖同样多任务的任何安排中都一样，若除以含罚分的总数，差距会被缩小上千倍。',
  );
  L.push('');
  L.push(
    `机器：${R.machine.nproc} 核 ${R.machine.cpuModel}，Node ${R.machine.node}，${String(R.machine.date).slice(0, 10)}，负载 ${R.machine.load?.join(' / ') ?? '—'}。Kehou 用时为同一进程内每周模板（\`semester: false\`）的中位数，机器与其他任务共用，仅供参考。`,
  );
  L.push('');
  L.push('| 学校（预设，种子） | 学生 / 教职工 / 任务 | 此前（issue 16 前）代价 / 下界 | Kehou 值班代价（无人承担） | Kehou 下界 | CBC | 最优值或 CBC 最好解（无人承担） | CBC 下界 | Kehou 高于最优 | Kehou 下界低于最优 | Kehou 报告的差距 | 每周模板 |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  let proven = 0;
  let within = 0;
  for (const row of R.rows) {
    const g = coverGaps(row, R.W_U);
    const c = row.cbc;
    const cbcCost = c?.evaluation ? c.evaluation.cost : null;
    const un = c?.evaluation?.objective?.uncovered;
    if (g.proven) proven++;
    if (g.proven && g.planAbove <= 0.005 + 1e-12) within++;
    const undecidedText = `未定：下界只说明至少 ${fmtNum(g.lower / R.W_U, 2)} 项无人承担，安排有 ${g.bestUncovered} 项`;
    const above = g.proven ? (g.planAbove <= 1e-9 ? '0（最优）' : `**${pct(g.planAbove)}**`) : g.undecided ? undecidedText : `${pct(g.planAbove)} – ${pct(g.planAboveLower)}`;
    const below = g.proven ? pct(g.boundBelow) : g.undecided ? '—' : `≤ ${pct(g.boundBelow)}`;
    const cbcBest = cbcCost === null && c?.objective !== null && c?.objective !== undefined ? `${fmtNum(c.objective, 2)}（进度输出，未复核）` : null;
    L.push(
      `| ${row.label}（${row.preset}${row.students !== undefined && row.preset === 'small' && row.label !== row.preset + '-' + row.seed ? ` ${row.students} 人` : ''}，${row.seed}） | ${fmtNum(row.students)} / ${row.staff} / ${row.duties} | ${row.before ? `${fmtNum(row.before.cost, 2)} / ${fmtNum(row.before.bound, 2)}` : '—'} | ${fmtNum(row.kehou.cost, 2)}（${row.kehou.uncovered}） | ${fmtNum(row.kehou.bound, 2)} | ${cbcStatus(c)} | ${cbcCost !== null ? `${fmtNum(cbcCost, 2)}（${un}）${c.evaluation.violations ? `，违规 ${c.evaluation.violations}` : ''}` : (cbcBest ?? '—')} | ${fmtNum(c?.bound, 2)} | ${above} | ${below} | ${pct(row.kehou.gap)}${g.undecided ? '' : `（可安排部分 ${pct(g.reportedCoverable)}）`} | ${fmtMs(row.kehou.weekMedianMs)} |`,
    );
  }
  L.push('');
  L.push(
    `最优值已证明的学校：${proven} / ${R.rows.length}（CBC 证明，或一方的解等于另一方的下界）；其中 Kehou 的安排在最优值 0.5 % 以内的：${within} / ${proven}。` +
      '未证明的学校给出区间：Kehou 高于已知最好解的比例 – 高于已知最好下界的比例。',
  );
  for (const [label, note] of Object.entries(R.notes ?? {})) if (R.rows.some((r) => r.label === label)) L.push('', `- ${label}：${note}`);
  return L.join('\n');
}
