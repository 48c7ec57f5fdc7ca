// The short Chinese summary that `kehou solve --summary` prints (摘要), read from a finished schedule.
import { WEEKDAYS, type Schedule } from '../model/schema.js';
import { DAY_NAMES_ZH } from '../solver/week/rooms.js';

/** The short Chinese summary of `kehou solve --summary`. */
export function summarize(schedule: Schedule): string {
  const r = schedule.report as Record<string, any>;
  const counts = (r.counts ?? {}) as Record<string, number>;
  const hist = (r.preferenceHistogram ?? {}) as Record<string, number>;
  const histText = Object.entries(hist)
    .map(([k, v]) => (k === 'none' ? `未安排 ${v}` : `第${k}志愿 ${v}`))
    .join('，');
  const statusZh: Record<string, string> = { optimal: '最优', feasible: '可行', timedout: '超时（已返回当前最好方案）', cancelled: '已取消' };
  const byDay = new Map<string, number>();
  for (const g of schedule.week.groups) byDay.set(g.day, (byDay.get(g.day) ?? 0) + 1);
  const dayText = [...byDay.entries()].map(([d, n]) => `${DAY_NAMES_ZH[WEEKDAYS.indexOf(d as never)]} ${n}`).join('，');
  const lines = [
    `学校：${schedule.school}（${counts.students ?? 0} 名学生）`,
    `看护班：${counts.groups ?? 0} 个（独立编班 ${counts.standaloneGroups ?? 0}，混合编班 ${counts.mixedGroups ?? 0}；${dayText}）`,
    `校级社团：开设 ${counts.clubsRunning ?? 0} 个（每周 ${counts.clubSessionsPerWeek ?? 0} 次活动），` +
      `报名 ${counts.studentsWantingClub ?? 0} 人，安排 ${counts.studentsPlaced ?? 0} 人，未安排 ${counts.unplaced ?? 0} 人`,
    `志愿分布：${histText || '无'}`,
    `社团分配代价 clubCost：${r.clubCost ?? '—'}（下界 ${r.clubCostBound ?? '—'}，${r.clubCostOptimal ? '已证明最优' : '未证明最优'}）`,
    `值班任务：${counts.duties ?? 0} 项，无人承担 ${counts.uncoveredDuties ?? 0} 项；缺口共 ${counts.shortfalls ?? 0} 条`,
    `状态：${statusZh[r.status as string] ?? r.status}；用时 ${Math.round(Number(r.solveMs ?? 0))} 毫秒`,
  ];
  const shortfalls = schedule.shortfalls ?? [];
  if (shortfalls.length > 0) {
    lines.push('主要缺口：');
    for (const s of shortfalls.slice(0, 5)) lines.push(`  ${s.date ?? (s.day ? DAY_NAMES_ZH[WEEKDAYS.indexOf(s.day)] : '')} ${s.duty}：${s.reason}`);
    if (shortfalls.length > 5) lines.push(`  ……另有 ${shortfalls.length - 5} 条，见输出文件的 shortfalls`);
  }
  return lines.join('\n') + '\n';
}
