// Writing the benchmark results: the scaling chart (SVG, written by hand: a polyline chart with Chinese and English
// axis labels) and RESULTS.md (machine, table, curve, reading).

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** text inside a Markdown table cell */
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * Scaling chart: x = students (linear), y = seconds (log10). series: [{ name, color, dash?, points: [[x, seconds]],
 * failures?: [[x, label]] }] (a failure is drawn as a cross on the top edge).
 */
export function scalingSvg(series, { title = '排班用时随学生人数的变化 · Planning time vs. students', note = '' } = {}) {
  const W = 860;
  const H = 520;
  const m = { left: 78, right: 24, top: 56, bottom: 96 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const xs = series.flatMap((s) => [...s.points.map((p) => p[0]), ...(s.failures ?? []).map((f) => f[0])]);
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((y) => y > 0);
  const xMax = Math.max(1000, ...xs);
  const xStep = xMax > 10000 ? 5000 : xMax > 4000 ? 1000 : 500;
  const xTop = Math.ceil(xMax / xStep) * xStep;
  const yLo = Math.floor(Math.log10(Math.min(0.01, ...ys)));
  const yHi = Math.ceil(Math.log10(Math.max(1, ...ys)));
  const X = (x) => Math.round((m.left + (x / xTop) * pw) * 10) / 10;
  const Y = (y) => Math.round((m.top + ph - ((Math.log10(Math.max(y, 10 ** yLo)) - yLo) / (yHi - yLo)) * ph) * 10) / 10;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif" font-size="13">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${esc(title)}</text>`);
  if (note) out.push(`<text x="${W / 2}" y="44" text-anchor="middle" font-size="11" fill="#555">${esc(note)}</text>`);
  // grid and ticks
  for (let x = 0; x <= xTop; x += xStep) {
    out.push(`<line x1="${X(x)}" y1="${m.top}" x2="${X(x)}" y2="${m.top + ph}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${X(x)}" y="${m.top + ph + 18}" text-anchor="middle">${x.toLocaleString('en-US')}</text>`);
  }
  for (let e = yLo; e <= yHi; e++) {
    const y = 10 ** e;
    out.push(`<line x1="${m.left}" y1="${Y(y)}" x2="${m.left + pw}" y2="${Y(y)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 8}" y="${Y(y) + 4}" text-anchor="end">${e >= 0 ? y : y.toFixed(-e)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 40}" text-anchor="middle" font-size="14">学生人数 · Students</text>`);
  out.push(
    `<text transform="translate(20 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="14">用时（秒，对数坐标）· Time (s, log scale)</text>`,
  );
  // series
  series.forEach((s) => {
    const pts = s.points.filter((p) => p[1] > 0).sort((a, b) => a[0] - b[0]);
    if (pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2.2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${pts.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(' ')}"/>`,
      );
    }
    for (const p of pts) out.push(`<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="3.2" fill="${s.color}"/>`);
    for (const [x, label] of s.failures ?? []) {
      const cx = X(x);
      const cy = m.top + 10;
      out.push(`<path d="M${cx - 6},${cy - 6} L${cx + 6},${cy + 6} M${cx - 6},${cy + 6} L${cx + 6},${cy - 6}" stroke="${s.color}" stroke-width="2.4"/>`);
      out.push(`<text x="${cx}" y="${cy + 20}" text-anchor="middle" font-size="11" fill="${s.color}">${esc(label)}</text>`);
    }
  });
  // legend below the plot
  const lx = m.left;
  let ly = m.top + ph + 58;
  let col = 0;
  series.forEach((s) => {
    const x = lx + col * (pw / 2);
    out.push(`<line x1="${x}" y1="${ly - 4}" x2="${x + 26}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2.4"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${x + 32}" y="${ly}">${esc(s.name)}</text>`);
    col++;
    if (col === 2) {
      col = 0;
      ly += 18;
    }
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

const fmtMs = (ms) => (ms === null || ms === undefined ? '—' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const fmtNum = (x, d = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 }));
const pct = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(2)} %`);

export { fmtMs, fmtNum, pct };

/** Whether the club peers of these results solved the whole club stage (issue 10); older results solved the
 * transportation model of the sessions the old stage fixed first. */
export const wholeClubStage = (R) => R.clubModel === 'whole-stage';

/**
 * The club stage's time in a record of stage timings: `clubs` (the whole stage, issue 10); in results measured
 * before it, the old stage's three parts (club days + club assignment + club rooms).
 */
export function clubStageMs(stages) {
  if (!stages) return undefined;
  if (stages.clubs !== undefined) return stages.clubs;
  if (stages.clubAssignment === undefined) return undefined;
  return Math.round(((stages.clubDays ?? 0) + stages.clubAssignment + (stages.clubRooms ?? 0)) * 10) / 10;
}

/** the weekly plan's stages, in order (the club stage read through clubStageMs) */
const STAGES = ['compile', 'groups', 'groupRooms', 'clubs', 'cover'];
const stageMs = (stages, k) => (k === 'clubs' ? clubStageMs(stages) : stages?.[k]);

/** (clubCost − bound) / clubCost: how far the club plan can at most be from the stage's optimum */
export const clubGap = (s) => (s.clubCost > 0 && s.clubCostBound !== undefined && s.clubCostBound !== null ? (s.clubCost - s.clubCostBound) / s.clubCost : s.clubCost === 0 ? 0 : null);

/**
 * The cover optimum when it is known: CBC proved it, or the best solution of either side meets the best bound of
 * either side (relative 1e-6). Returns { optimum, kehouGap, by: 'cbc' | 'kehou' | 'both' } or null; kehouGap is
 * relative to the coverable part of the optimum.
 */
export function knownCoverOptimum(p) {
  const cc = p.cbcCover;
  if (!p.cover) return null;
  // CBC solved another cover model than the one of solve's final week (a guard: export-lp exports the last round): no optimum
  if (cc && cc.sameModel === false) return null;
  // relative to the coverable part: the optimum minus 100,000 per duty it leaves uncovered (the same penalty in
  // every plan covering as much; dividing by a total holding it would shrink the gap a thousandfold)
  const uncoveredOf = (opt) =>
    cc && cc.objective !== null && cc.objective !== undefined && Math.abs(cc.objective - opt) <= 1e-6 * Math.max(1, Math.abs(opt)) && cc.kehouEval?.objective
      ? cc.kehouEval.objective.uncovered
      : (p.objective?.uncoveredDuties ?? 0);
  const gapOf = (opt) => (p.cover.cost - opt) / Math.max(1, Math.abs(opt - 100_000 * uncoveredOf(opt)));
  if (cc && cc.status === 'optimal' && cc.objective !== null) return { optimum: cc.objective, kehouGap: gapOf(cc.objective), by: 'cbc' };
  const sols = [p.cover.cost, ...(cc && cc.objective !== null && cc.objective !== undefined ? [cc.objective] : [])];
  const bounds = [p.cover.bound, ...(cc && cc.bound !== null && cc.bound !== undefined ? [cc.bound] : [])];
  const best = Math.min(...sols);
  const bound = Math.max(...bounds);
  if (best - bound > 1e-6 * Math.max(1, Math.abs(best))) return null;
  const by = best === p.cover.cost && bound === p.cover.bound ? 'kehou' : 'both';
  return { optimum: best, kehouGap: gapOf(best), by };
}

/** Markdown of the results (RESULTS.md). */
export function resultsMarkdown(R) {
  const L = [];
  const mach = R.machine;
  L.push('# Kehou 基准测试结果 · Benchmark results');
  L.push('');
  L.push(`由 \`npm run bench${R.mode === 'quick' ? ' -- --quick' : ''}\` 生成（benchmarks/run.mjs），数据同时保存在 results.json。`);
  L.push('');
  if (!wholeClubStage(R)) {
    L.push(
      `> **注意：本页的数字测于 ${R.machine.date.slice(0, 10)}，早于社团阶段整体优化（issue 10）。** 当时的社团阶段先选定场次（哪天、哪间教室）再分配学生，` +
        'CBC 与 javascript-lp-solver 解的是这些固定场次的运输模型，与现在 `kehou export-lp --stage clubs` 导出的整体模型不可比，本页不再列出。' +
        '本页由现在的报告代码根据旧的 results.json 重新生成（`node benchmarks/run.mjs --render benchmarks/results.json`）；“社团”一栏为旧阶段选日、分配、教室三部分之和。' +
        '社团阶段整体模型与 CBC 的对比（负载较高时测得）见下文 clubs-stage 一节；新数字须在空闲机器上重跑 `npm run bench`。',
    );
    L.push('');
  }
  L.push('## 机器 · Machine');
  L.push('');
  L.push('| 项目 | 值 |');
  L.push('|---|---|');
  L.push(`| CPU 核数（nproc） | ${mach.nproc} |`);
  L.push(`| CPU 型号 | ${mach.cpuModel} |`);
  L.push(`| 内存 | ${mach.memoryGB} GB |`);
  L.push(`| 系统 | ${mach.platform} |`);
  L.push(`| Node.js | ${mach.node} |`);
  L.push(`| CBC | ${R.cbc ? `${R.cbc.version}（${R.cbc.path}）` : `未安装：${R.cbcHint}`} |`);
  L.push(`| javascript-lp-solver | ${R.jslpVersion ?? '—'} |`);
  if (wholeClubStage(R)) L.push(`| 限时 | CBC 社团阶段 ${R.cbcClubsCapSeconds} 秒（随机小学校 ${R.cbcRandomClubsCapSeconds} 秒），CBC 值班 ${R.cbcCoverCapSeconds} 秒，javascript-lp-solver ${R.jslpCapSeconds} 秒 / ${R.jslpMemMb} MB |`);
  L.push(`| 日期 | ${mach.date} |`);
  L.push(`| 负载（1/5/15 分钟平均） | 开始 ${R.loadBefore.join(' / ')}；结束 ${R.loadAfter.join(' / ')} |`);
  L.push(`| 总用时 | ${fmtMs(R.totalMs)} |`);
  L.push('');

  L.push('## 目标 · Targets');
  L.push('');
  L.push('| 目标 | 实测 | 结果 |');
  L.push('|---|---|---|');
  for (const t of R.targets) L.push(`| ${t.text} | ${t.measured} | ${t.met === null ? '未测' : t.met ? '达到 ✓' : '**未达到 ✗**'} |`);
  L.push('');

  L.push('## 学校 · Schools');
  L.push('');
  L.push('时间为同一进程内 `solve()` 的墙钟时间：先预热并用独立检查器检查（违规必须为 0），再计时，取中位数。');
  L.push('“每周模板”= `semester: false`（编班、教室、社团阶段、值班）；“整体”= 默认选项（含学期安排）。');
  L.push('“命令行全过程”= 新进程 `kehou solve 实例 -o 输出`（启动、读取校验、排班、写文件）。峰值内存为新进程读取并排出一所学校（整体）的峰值 RSS。');
  L.push('');
  L.push('| 学校 | 学生 / 教职工 / 校级社团 | 每周模板（中位数） | 整体（中位数） | 命令行全过程 | 峰值内存 | 检查器违规 | 状态 | 开始时负载 |');
  L.push('|---|---|---|---|---|---|---|---|---|');
  for (const c of R.schools) {
    if (c.error) {
      L.push(`| ${c.label} | — | 失败：${cell(c.error)} | | | | | | ${loadCell(c.loadAtStart)} |`);
      continue;
    }
    const s = c.size;
    L.push(
      `| ${c.label} | ${fmtNum(s.students)} / ${s.staff} / ${s.schoolClubs} | ${fmtMs(c.week.medianMs)}（${c.week.runs} 次） | ${fmtMs(c.full.runs > 0 ? c.full.medianMs : c.coldFullMs)}${c.full.runs > 0 ? `（${c.full.runs} 次）` : '（1 次，冷）'} | ${fmtMs(c.cli?.medianMs)} | ${c.rss?.peakRssMb ? `${fmtNum(c.rss.peakRssMb)} MB` : '—'} | ${c.check.weekViolations + c.check.fullViolations} | ${c.status} | ${loadCell(c.loadAtStart)} |`,
    );
  }
  L.push('');
  L.push('各阶段用时（每周模板，中位数，毫秒）：');
  L.push('');
  L.push(`| 学校 | ${STAGES.join(' | ')} |`);
  L.push(`|---|${STAGES.map(() => '---').join('|')}|`);
  for (const c of R.schools) if (!c.error) L.push(`| ${c.label} | ${STAGES.map((k) => fmtNum(stageMs(c.week.stagesMedianMs, k), 1)).join(' | ')} |`);
  L.push('');
  L.push(
    wholeClubStage(R)
      ? 'clubs = 社团阶段整体（开哪些社团、哪几天、哪间教室、哪位负责人、哪些学生参加，一次优化）。'
      : 'clubs = 旧社团阶段三部分之和（clubDays 选日 + clubAssignment 分配 + clubRooms 教室）。',
  );
  L.push('');

  L.push('### 目标函数各部分 · Objective parts');
  L.push('');
  L.push('| 学校 | 社团代价 clubCost | 其下界 | 社团差距 | 未安排 | 值班代价 | 值班下界 | 差距 gap | 值班各项（非本班·连续性·负载平方和） | 无人承担 | 缺口 |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of R.schools) {
    if (c.error) continue;
    const o = c.objective?.cover ?? {};
    const parts = `${fmtNum(o.studyOffGrade)}·${fmtNum(o.studyNotHomeroom)}·${fmtNum(o.otherOffGrade)} / ${fmtNum(o.discontinuity)} / ${fmtNum(o.loadSquares, 1)}`;
    L.push(
      `| ${c.label} | ${fmtNum(c.clubCost)} | ${fmtNum(c.clubCostBound)}${c.clubCostOptimal ? (wholeClubStage(R) ? '（已证明最优）' : '（旧阶段：仅对其选定的场次）') : ''} | ${c.clubCostOptimal ? (wholeClubStage(R) ? '0（已证明）' : '—') : pct(clubGap(c))} | ${fmtNum(c.counts?.unplaced)} | ${fmtNum(c.cover?.cost, 2)} | ${fmtNum(c.cover?.bound, 2)} | ${pct(c.cover?.gap)} | ${parts} | ${fmtNum(c.counts?.uncoveredDuties)} | ${fmtNum(c.fullCounts?.shortfalls)} |`,
    );
  }
  L.push('');
  L.push('社团差距 =（clubCost − 下界）/ clubCost：社团安排最多比整个社团阶段的最优值高这么多（未证明最优时）。值班各项：作业辅导非本年级·作业辅导非本班主任·其他时段非本年级 / 看护不连续次数 / Σ（每周课时数）²。');
  L.push('');

  L.push('## 与精确求解器对比 · Peers');
  L.push('');
  L.push('### 社团阶段（整体混合整数模型）· The whole club stage');
  L.push('');
  if (!wholeClubStage(R)) {
    L.push('本结果文件早于社团阶段整体优化：当时 CBC 与 javascript-lp-solver 解的是旧阶段固定场次的运输模型，不再列出（见页首说明与下文 clubs-stage 一节）。');
    L.push('');
  } else {
    L.push(
      `同一台机器、同一次运行、同一个模型：\`kehou export-lp 实例 --stage clubs\` 导出整个社团阶段的混合整数模型（开哪些社团、哪几天、哪间教室、哪位负责人、哪些学生参加；目标就是 clubCost），` +
        `CBC 解这个 LP 文件，每所学校一次，墙钟限时 ${R.cbcClubsCapSeconds} 秒（小型随机学校 ${R.cbcRandomClubsCapSeconds} 秒；CBC 在根节点 LP 松弛中不检查时限，超时 15 秒后强制结束）；` +
        `javascript-lp-solver 读同一个 LP 文件（子进程，限 ${R.jslpCapSeconds} 秒 / ${R.jslpMemMb} MB），按学校从小到大，第一次未完成后不再尝试更大的学校。` +
        'Kehou 的 clubCost 是这个模型的一个解，下界是证明过的下界，所以 CBC 证明的最优值必须落在 [Kehou 下界, Kehou clubCost] 之间（Kehou 声称已证明最优时必须相等），' +
        'CBC 的任何解不低于 Kehou 的下界，CBC 的下界不高于 Kehou 的 clubCost；否则“一致”一栏为“否”，基准测试失败。' +
        '导出的是 solve 最后一轮的社团阶段模型：若值班阶段排不出某社团的指导教师（值班覆盖优先），solve 会关闭该社团再排一轮，导出的模型同样不含该社团，所以 CBC 的最优值与 solve 报告的 clubCost 可以直接比较。',
    );
    L.push('');
    L.push('| 学校 | 变量 / 0-1 变量 / 约束 | Kehou 社团阶段用时 | Kehou clubCost | Kehou 下界 | CBC（全过程） | CBC 最优值或最好解 | CBC 下界 | Kehou 与最优值 | 一致 | javascript-lp-solver |');
    L.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const c of [...R.schools, ...(R.random?.points ?? [])]) {
      if (c.error || !c.cbcClubs) continue;
      const cb = c.cbcClubs;
      const model = `${fmtNum(c.exported?.clubs?.variables)} / ${fmtNum(c.exported?.clubs?.integers)} / ${fmtNum(c.exported?.clubs?.rows)}`;
      // Kehou's figures for the exported model (solve's last round; see run.mjs kehouClubs)
      const k = cb.kehouCost !== undefined ? { cost: cb.kehouCost, bound: cb.kehouBound, proven: cb.kehouProven } : { cost: c.clubCost, bound: c.clubCostBound, proven: c.clubCostOptimal };
      const final = cb.finalClubCost !== undefined ? `；solve 最终 ${fmtNum(cb.finalClubCost)}（值班覆盖优先，又关闭 ${cb.closedAfter} 个社团）` : '';
      const kehou = `${fmtMs(clubStageMs(c.week.stagesMedianMs))} | ${fmtNum(k.cost)}${k.proven ? '（已证明最优）' : ''}${final} | ${fmtNum(k.bound)}`;
      if (cb.skipped) {
        L.push(`| ${c.label} | ${model} | ${kehou} | ${cell(cb.skipped)} | | | | | ${jslpCell(c.jslpClubs)} |`);
        continue;
      }
      L.push(
        `| ${c.label} | ${model} | ${kehou} | ${cbcStatusZh(cb.status)}${cb.status === 'killed' && !cb.rootLpSolved ? '，根节点 LP 松弛尚未解完' : ''}（${fmtMs(cb.wallMs)}） | ${fmtNum(cb.objective)} | ${fmtNum(cb.bound)} | ${clubVsOptimum(cb)} | ${cb.consistent ? '是' : `**否**：${cell(cb.problems.join('; '))}`} | ${jslpCell(c.jslpClubs)} |`,
      );
    }
    L.push('');
  }
  L.push('### 每周值班（混合整数模型）· Staff cover');
  L.push('');
  L.push(`\`kehou export-lp 实例 --stage cover\`：每个“任务×可担任的教职工”一个 0-1 变量，同一人同一时刻最多一项任务（按人、按天、按开始时刻的团约束），每周课时上限，同一看护班相邻时段换人的连续性惩罚，负载平方用分段线性（每段 g 分钟，g 为各任务时长的最大公约数，在所有可达负载处精确）。目标与 Kehou 值班阶段相同（相同权重）。CBC 限时 ${R.cbcCoverCapSeconds} 秒（墙钟），记录其最好解与下界；CBC 的解再用 Kehou 自己的目标函数和硬约束检查重新计算。`);
  L.push('');
  L.push('| 学校 | 变量 / 约束 / 非零 | Kehou 值班代价 | Kehou 下界 | Kehou 用时 | CBC 状态 | CBC 最好解 | CBC 下界 | CBC 解经 Kehou 复算 | 已知最好下界下的 Kehou 差距 |');
  L.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const c of R.schools) {
    if (c.error) continue;
    const cc = c.cbcCover;
    if (!cc) continue;
    if (cc.skipped) {
      L.push(`| ${c.label} | ${fmtNum(c.exported?.cover?.variables)} / ${fmtNum(c.exported?.cover?.rows)} / ${fmtNum(c.exported?.cover?.nonzeros)} | ${fmtNum(c.cover?.cost, 2)} | ${fmtNum(c.cover?.bound, 2)} | ${fmtMs(c.week.stagesMedianMs.cover)} | ${cc.skipped} | | | | |`);
      continue;
    }
    L.push(
      `| ${c.label} | ${fmtNum(c.exported?.cover?.variables)} / ${fmtNum(c.exported?.cover?.rows)} / ${fmtNum(c.exported?.cover?.nonzeros)} | ${fmtNum(c.cover?.cost, 2)} | ${fmtNum(c.cover?.bound, 2)} | ${fmtMs(c.week.stagesMedianMs.cover)} | ${cbcStatusZh(cc.status)}${cc.status === 'killed' ? (cc.rootLpSolved ? '' : '，根节点 LP 松弛尚未解完') : ''}（${fmtMs(cc.wallMs)}） | ${fmtNum(cc.objective, 2)} | ${fmtNum(cc.bound, 2)} | ${cc.kehouEval ? `${fmtNum(cc.kehouEval.cost, 2)}，违规 ${cc.kehouEval.violationCount}` : '—'} | ${pct(cc.kehouGapToBestBound)} |`,
    );
  }
  L.push('');

  if (R.random) {
    L.push('### 小型随机学校：与 CBC 证明的最优值比较 · Small random schools vs. proven optimum');
    L.push('');
    L.push(`生成器 \`random\` 预设（种子 ${R.random.points.map((p) => p.seed ?? p.label.replace('random-', '')).join('、')}）：学校小到 CBC 能在 ${R.random.capSeconds} 秒内证明值班模型的最优值，于是能算出 Kehou 值班阶段与真正最优值的差距。`);
    L.push('');
    L.push('| 学校 | 学生 / 教职工 / 任务 | Kehou 值班代价（无人承担） | Kehou 下界 | Kehou 用时 | CBC | CBC 最优值或最好解（无人承担） | CBC 下界 | 与最优值之差（相对可安排部分） |');
    L.push('|---|---|---|---|---|---|---|---|---|');
    for (const p of R.random.points) {
      if (p.error) {
        L.push(`| ${p.label} | — | 失败：${cell(p.error)} | | | | | | |`);
        continue;
      }
      const cc = p.cbcCover ?? {};
      const un = cc.kehouEval?.objective?.uncovered;
      const known = knownCoverOptimum(p);
      const better = cc.sameModel !== false && cc.objective !== null && cc.objective !== undefined && cc.objective < p.cover.cost - 1e-6 * Math.max(1, p.cover.cost);
      const diffText = cc.sameModel === false
        ? '不可比：最终值班任务与导出模型不同'
        : known
        ? known.kehouGap > 1e-9
          ? `**${pct(known.kehouGap)}**${known.by === 'cbc' ? '' : '（最优值由两方的解与下界共同确定）'}`
          : `0（最优${known.by === 'kehou' ? '，Kehou 的下界证明' : ''}）`
        : better
          ? `≥ **${pct((p.cover.cost - cc.objective) / Math.max(1, cc.objective))}**（CBC 有更好的解）`
          : '—';
      L.push(
        `| ${p.label} | ${fmtNum(p.size.students)} / ${p.size.staff} / ${fmtNum(p.counts?.duties)} | ${fmtNum(p.cover?.cost, 2)}（${fmtNum(p.objective?.uncoveredDuties)}） | ${fmtNum(p.cover?.bound, 2)} | ${fmtMs(p.week.stagesMedianMs.cover)} | ${cc.skipped ? cell(cc.skipped) : `${cbcStatusZh(cc.status)}（${fmtMs(cc.wallMs)}）`} | ${fmtNum(cc.objective, 2)}${un !== undefined ? `（${un}）` : ''} | ${fmtNum(cc.bound, 2)} | ${diffText} |`,
      );
    }
    L.push('');
  }

  // the cover vs. proven optimum table of benchmarks/cover-cbc.mjs (its own runner and cache), when present
  if (R.coverCbcMarkdown) {
    L.push('<!-- cover-cbc: written by benchmarks/cover-cbc.mjs --write -->');
    L.push(R.coverCbcMarkdown);
    L.push('<!-- /cover-cbc -->');
    L.push('');
  }
  // the whole club stage vs CBC (benchmarks/clubs-stage.mjs, its section in benchmarks/clubs-stage.md), when present
  if (R.clubsStageMarkdown) {
    L.push('<!-- clubs-stage: benchmarks/clubs-stage.md (written by hand from benchmarks/clubs-stage.mjs) -->');
    L.push(R.clubsStageMarkdown);
    L.push('<!-- /clubs-stage -->');
    L.push('');
  }
  if (R.district) {
    const d = R.district;
    L.push('## 学区批量 · District batch');
    L.push('');
    if (d.error) L.push(`失败：${cell(d.error)}`);
    else {
      L.push(
        `${d.schools} 所完整学校（${d.preset} 预设，种子 1–${d.schools}，共 ${fmtNum(d.students)} 名学生，${d.semester ? '含学期安排' : '仅每周模板'}），${d.workers} 个工作线程并行：` +
          `整批 ${fmtMs(d.batchMedianMs)}（${d.runs} 批中位数；各批 ${d.batchTimesMs.map(fmtMs).join('、')}），单校中位数 ${fmtMs(d.perSchoolMedianMs)}、最长 ${fmtMs(d.perSchoolMaxMs)}，` +
          `进程峰值内存 ${fmtNum(d.peakRssMb)} MB，检查器违规 ${d.violations}，状态 ${Object.entries(d.statuses).map(([k, v]) => `${k} ${v}`).join('、')}。`,
      );
    }
    L.push('');
  }

  if (R.scaling) {
    L.push('## 规模曲线 · Scaling');
    L.push('');
    L.push(`![scaling](scaling.svg)`);
    L.push('');
    L.push(`生成器 \`generateSchool({ preset: '${R.scaling.preset}', students })\`，每个规模一个新进程，只测 Kehou（进程内中位数）；精确求解器只在上面各学校上运行（CBC 解社团阶段整体模型从 2,700 人起就要几十秒到几分钟）。`);
    L.push('');
    L.push('| 学生 | 教职工 | Kehou 每周模板 | 其中社团阶段 | 社团 clubCost（下界） | 其中值班 | 值班差距 | 峰值内存（整体） | 开始时负载 |');
    L.push('|---|---|---|---|---|---|---|---|---|');
    for (const p of R.scaling.points) {
      if (p.error) {
        L.push(`| ${fmtNum(p.requestedStudents)} | — | 失败：${cell(p.error)} | | | | | | ${loadCell(p.loadAtStart)} |`);
        continue;
      }
      L.push(
        `| ${fmtNum(p.size.students)} | ${p.size.staff} | ${fmtMs(p.week.medianMs)} | ${fmtMs(clubStageMs(p.week.stagesMedianMs))} | ${fmtNum(p.clubCost)}（${p.clubCostOptimal ? (wholeClubStage(R) ? '已证明最优' : '旧阶段') : `下界 ${fmtNum(p.clubCostBound)}`}） | ${fmtMs(p.week.stagesMedianMs.cover)} | ${pct(p.cover?.gap)} | ${p.rss?.peakRssMb ? `${fmtNum(p.rss.peakRssMb)} MB` : '—'} | ${loadCell(p.loadAtStart)} |`,
      );
    }
    L.push('');
  }

  L.push('## 解读 · Reading');
  L.push('');
  for (const line of R.reading ?? []) L.push(`- ${line.replace(/\n/g, ' ')}`);
  L.push('');
  return L.join('\n');
}

const loadCell = (l) => (Array.isArray(l) ? String(l[0]) : '—');

function cbcStatusZh(s) {
  return { optimal: '已证明最优', 'time-limit': '到时限停止', killed: '超时后被强制结束', memory: '内存超过 8 GB 被结束', infeasible: '不可行', stopped: '停止', unknown: '未知' }[s] ?? s;
}

function jslpCell(js) {
  if (!js) return '—';
  if (js.skipped) return cell(js.skipped);
  if (js.failure) return `未完成：${cell(js.failure)}${js.peakRssMb ? `（峰值 ${fmtNum(js.peakRssMb)} MB）` : ''}`;
  const what = !js.valid
    ? `**返回的解不可行**（代价 ${fmtNum(js.cost, 2)}，${js.fractional} 个非整数，最大违反 ${js.maxViolation}）`
    : js.optimum === null
      ? `代价 ${fmtNum(js.cost, 2)}（最优值未知）`
      : js.equal
        ? '与最优值相等'
        : `**代价 ${fmtNum(js.cost, 2)}，与最优值 ${fmtNum(js.optimum)} 不同**`;
  return `${fmtMs(js.wallMs)}，${fmtNum(js.peakRssMb)} MB，${what}`;
}

/** Kehou's club plan and bound against CBC's whole-stage optimum (when CBC proved one) */
function clubVsOptimum(cb) {
  if (cb.optimum === null || cb.optimum === undefined) return cb.objective !== null && cb.objective !== undefined ? `最优值未证明；Kehou 比 CBC 最好解${cb.kehouCost <= cb.objective ? '好或相同' : '差'}` : '最优值未证明';
  if (Math.abs(cb.kehouCost - cb.optimum) <= 1e-6 * Math.max(1, cb.optimum)) return cb.kehouProven ? '相等（双方都证明）' : '相等（Kehou 未能证明）';
  return `Kehou 高 **${pct(cb.kehouAboveOptimum)}**；下界低 ${pct(cb.boundBelowOptimum)}`;
}
