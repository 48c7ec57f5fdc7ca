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

/**
 * The cover optimum when it is known: CBC proved it, or the best solution of either side meets the best bound of
 * either side (relative 1e-6). Returns { optimum, kehouGap, by: 'cbc' | 'kehou' | 'both' } or null; kehouGap is
 * relative to the coverable part of the optimum.
 */
export function knownCoverOptimum(p) {
  const cc = p.cbcCover;
  if (!p.cover) return null;
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
  L.push('“每周模板”= `semester: false`（编班、社团、场地、值班、延时接送）；“整体”= 默认选项（含学期安排）。');
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
  const stageNames = ['compile', 'groups', 'groupRooms', 'clubs', 'cover'];
  L.push(`| 学校 | ${stageNames.join(' | ')} |`);
  L.push(`|---|${stageNames.map(() => '---').join('|')}|`);
  for (const c of R.schools) if (!c.error) L.push(`| ${c.label} | ${stageNames.map((k) => fmtNum(c.week.stagesMedianMs[k], 1)).join(' | ')} |`);
  L.push('');

  L.push('### 目标函数各部分 · Objective parts');
  L.push('');
  L.push('| 学校 | 社团代价 clubCost | 其下界 | 未安排 | 值班代价 | 值班下界 | 差距 gap | 值班各项（非本班·连续性·负载平方和） | 无人承担 | 缺口 |');
  L.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const c of R.schools) {
    if (c.error) continue;
    const o = c.objective?.cover ?? {};
    const parts = `${fmtNum(o.studyOffGrade)}·${fmtNum(o.studyNotHomeroom)}·${fmtNum(o.otherOffGrade)} / ${fmtNum(o.discontinuity)} / ${fmtNum(o.loadSquares, 1)}`;
    L.push(
      `| ${c.label} | ${fmtNum(c.clubCost)} | ${fmtNum(c.clubCostBound)}${c.clubCostOptimal ? '（已证明最优）' : ''} | ${fmtNum(c.counts?.unplaced)} | ${fmtNum(c.cover?.cost, 2)} | ${fmtNum(c.cover?.bound, 2)} | ${pct(c.cover?.gap)} | ${parts} | ${fmtNum(c.counts?.uncoveredDuties)} | ${fmtNum(c.fullCounts?.shortfalls)} |`,
    );
  }
  L.push('');
  L.push('值班各项：作业辅导非本年级·作业辅导非本班主任·其他时段非本年级 / 看护不连续次数 / Σ（每周课时数）²。');
  L.push('');

  L.push('## 与精确求解器对比 · Peers');
  L.push('');
  L.push('### 社团分配（运输模型）· Club assignment');
  L.push('');
  L.push('同一台机器、同一次运行、同一个模型：`kehou export-lp 实例 --stage clubs` 导出 Kehou 为实际开设的社团所解的运输模型（每个可参加的“学生×社团”一个 0-1 变量，外加“未安排”变量，代价 k²×权重 / 100×权重，社团人数上下限），CBC 求解 LP 文件；javascript-lp-solver 用它的 JSON 格式解同一个模型（子进程，限时、限内存）。');
  L.push('');
  L.push('| 学校 | 变量 / 约束 | Kehou 社团分配阶段 | Kehou 最优值 | CBC 全过程（求解器自报） | CBC 最优值 | 相等 | javascript-lp-solver |');
  L.push('|---|---|---|---|---|---|---|---|');
  for (const c of R.schools) {
    if (c.error) continue;
    const cb = c.cbcClubs;
    const js = c.jslpClubs;
    L.push(
      `| ${c.label} | ${fmtNum(c.exported?.clubs?.variables)} / ${fmtNum(c.exported?.clubs?.rows)} | ${fmtMs(c.week.stagesMedianMs.clubs)} | ${fmtNum(c.clubCostBound)} | ${cb ? (cb.skipped ? cb.skipped : `${fmtMs(cb.wallMedianMs)}（${cb.cbcWallSeconds ?? '—'} s）`) : '—'} | ${cb && !cb.skipped ? fmtNum(cb.objective) : '—'} | ${cb && !cb.skipped ? (cb.equal ? '是' : '**否**') : '—'} | ${jslpCell(js)} |`,
    );
  }
  L.push('');
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
      const better = cc.objective !== null && cc.objective !== undefined && cc.objective < p.cover.cost - 1e-6 * Math.max(1, p.cover.cost);
      const diffText = known
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
    L.push(`生成器 \`generateSchool({ preset: '${R.scaling.preset}', students })\`，每个规模一个新进程；Kehou 为进程内中位数，CBC 为进程全过程，javascript-lp-solver 限 ${R.jslpCapSeconds} 秒 / ${R.jslpMemMb} MB。`);
    L.push('');
    L.push('| 学生 | 教职工 | Kehou 每周模板 | 其中社团分配 | 其中值班 | 值班差距 | 峰值内存（整体） | CBC 社团分配 全过程（自报） | 最优值相等 | javascript-lp-solver 社团分配 | 开始时负载 |');
    L.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const p of R.scaling.points) {
      if (p.error) {
        L.push(`| ${fmtNum(p.requestedStudents)} | — | 失败：${cell(p.error)} | | | | | | | | ${loadCell(p.loadAtStart)} |`);
        continue;
      }
      L.push(
        `| ${fmtNum(p.size.students)} | ${p.size.staff} | ${fmtMs(p.week.medianMs)} | ${fmtMs(p.week.stagesMedianMs.clubs)} | ${fmtMs(p.week.stagesMedianMs.cover)} | ${pct(p.cover?.gap)} | ${p.rss?.peakRssMb ? `${fmtNum(p.rss.peakRssMb)} MB` : '—'} | ${p.cbcClubs ? (p.cbcClubs.skipped ? p.cbcClubs.skipped : `${fmtMs(p.cbcClubs.wallMedianMs)}（${p.cbcClubs.cbcWallSeconds ?? '—'} s）`) : '—'} | ${p.cbcClubs && !p.cbcClubs.skipped ? (p.cbcClubs.equal ? '是' : '**否**') : '—'} | ${jslpCell(p.jslpClubs)} | ${loadCell(p.loadAtStart)} |`,
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
  if (js.skipped) return js.skipped;
  if (js.failure) return `未完成：${cell(js.failure)}${js.peakRssMb ? `（峰值 ${fmtNum(js.peakRssMb)} MB）` : ''}`;
  const eq = js.equal ? '最优值相等' : `**代价 ${fmtNum(js.cost, 2)}，与最优值不同**`;
  return `${fmtMs(js.wallMs)}，${fmtNum(js.peakRssMb)} MB，${eq}${js.fractional ? `，${js.fractional} 个非整数` : ''}`;
}
