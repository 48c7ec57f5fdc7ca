// The short Chinese summary that `kehou solve --summary` prints (摘要), read from a finished schedule: plain Chinese
// for a school office (no optimisation terms, no internal ids); shortfalls merged into sentences with names.
import { WEEKDAYS, type Instance, type Schedule } from '../model/schema.js';
import { WEEKDAY_LABEL } from '../office/names.js';
import { shortfallSentences } from '../office/views.js';

/** The short Chinese summary of `kehou solve --summary`; with the instance, shortfalls name classes and clubs. */
export function summarize(schedule: Schedule, instance?: Instance): string {
  const r = schedule.report;
  const counts = r.counts ?? {};
  const hist = r.preferenceHistogram ?? {};
  const histText = Object.entries(hist)
    .map(([k, v]) => (k === 'none' ? `未安排 ${v} 人` : `第${k}志愿 ${v} 人`))
    .join('，');
  const byDay = new Map<string, number>();
  for (const g of schedule.week.groups) byDay.set(g.day, (byDay.get(g.day) ?? 0) + 1);
  const dayText = [...byDay.entries()]
    .sort((a, b) => WEEKDAYS.indexOf(a[0] as never) - WEEKDAYS.indexOf(b[0] as never))
    .map(([d, n]) => `${WEEKDAY_LABEL[d as keyof typeof WEEKDAY_LABEL]} ${n}`)
    .join('，');
  const uncovered = counts.uncoveredDuties ?? 0;
  const clubs =
    r.clubCost === null || r.clubCost === undefined
      ? '社团分配：未完成'
      : r.clubCostOptimal
        ? '社团分配：已是最满足志愿的分配（不可能更好）'
        : `社团分配：志愿满足程度离最好的分配至多差 ${Math.max(0, Number(r.clubCost) - Number(r.clubCostBound ?? r.clubCost))} 分（未能证明已是最好）`;
  const seconds = Number(r.solveMs ?? 0) / 1000;
  const lines = [
    `学校：${schedule.school}（${counts.students ?? 0} 名学生）`,
    `看护班：${counts.groups ?? 0} 个（独立编班 ${counts.standaloneGroups ?? 0}，合班 ${counts.mixedGroups ?? 0}；${dayText}）`,
    `校级社团：开设 ${counts.clubsRunning ?? 0} 个（每周 ${counts.clubSessionsPerWeek ?? 0} 次活动），` +
      `报名 ${counts.studentsWantingClub ?? 0} 人，安排 ${counts.studentsPlaced ?? 0} 人，未安排 ${counts.unplaced ?? 0} 人`,
    `志愿分布：${histText || '无'}`,
    clubs,
    `值班任务：${counts.duties ?? 0} 项，${uncovered === 0 ? '全部安排到人' : `无人承担 ${uncovered} 项`}`,
    `用时 ${Math.round(seconds * 1000)} 毫秒${r.status === 'timedout' ? '（到达时间上限，给出的是目前最好的方案）' : r.status === 'cancelled' ? '（已取消，方案不完整）' : ''}`,
  ];
  const shortfalls = instance ? shortfallSentences(instance, schedule) : (schedule.shortfalls ?? []).map((s) => `${s.date ?? (s.day ? WEEKDAY_LABEL[s.day] : '')} ${s.duty}：${s.reason}`);
  if (shortfalls.length > 0) {
    lines.push('需要处理的缺口：');
    for (const s of shortfalls.slice(0, 5)) lines.push(`  ${s}`);
    if (shortfalls.length > 5) lines.push(`  ……另有 ${shortfalls.length - 5} 条，见输出文件的 shortfalls 或 kehou export 的总览`);
  }
  return lines.join('\n') + '\n';
}
