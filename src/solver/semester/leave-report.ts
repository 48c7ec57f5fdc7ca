// W1 the per-leave report: for every leave, the duties it touched, how many different substitutes took them and,
// for each duty, its substitutes in date order (a school names one 代课老师 per duty: the fewer, the better).
// Read from the finished semester, so the planner and the what-if report the same way.
import type { Leave, SemesterDay, Substitution } from '../../model/schema.js';
import { clubDuty as clubDutyKey, groupBlockDuty as groupDutyKey } from '../../model/duty-keys.js';
import { dayTemplate, dutyLabel, type DayTemplate, type DutyRef, type Template } from './substitute.js';

/** The template duty a substitution entry changes (a late pickup: the first of its holder's not yet seen). */
function dutyOf(day: DayTemplate, e: Substitution, seen: Set<string>): DutyRef | undefined {
  if ('group' in e) return day.byKey.get(groupDutyKey(e.group, e.block));
  if ('club' in e) return day.byKey.get(clubDutyKey(e.club));
  const d = day.duties.find((x) => x.kind === 'latePickup' && x.holder === e.from && !seen.has(x.key));
  if (d) seen.add(d.key);
  return d;
}

/** One duty of a leave: its template duty, the label a person reads, and who took it on each date. */
export type LeaveDutyReport = {
  readonly duty: string;
  readonly label: string;
  readonly substitutes: readonly { readonly date: string; readonly to: string | null }[];
  /** distinct substitutes of this duty (null, i.e. uncovered, not counted) */
  readonly distinct: number;
};

export type LeaveReport = {
  readonly staff: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** dated duties the leave touched */
  readonly duties: number;
  /** distinct people who substituted over the whole leave */
  readonly substitutes: number;
  /** the largest number of distinct substitutes of one duty */
  readonly maxPerDuty: number;
  readonly perDuty: readonly LeaveDutyReport[];
};

/** W1 the per-leave report (see the file header), one entry per leave, in the order given. */
export function leaveReports(tpl: Template, semester: readonly SemesterDay[], leave: readonly Leave[]): LeaveReport[] {
  return leave.map((l) => {
    const perDuty = new Map<string, { duty: string; label: string; substitutes: { date: string; to: string | null }[] }>();
    let duties = 0;
    for (const day of semester) {
      if (day.date < l.from || day.date > l.to) continue;
      const dt = dayTemplate(tpl, day.as);
      const seen = new Set<string>();
      for (const e of day.substitutions) {
        if (e.from !== l.staff) continue;
        const d = dutyOf(dt, e, seen);
        if (!d) continue;
        duties++;
        const key = `${day.as}|${d.key}`;
        const entry = perDuty.get(key) ?? { duty: d.key, label: dutyLabel(d), substitutes: [] };
        entry.substitutes.push({ date: day.date, to: e.to });
        perDuty.set(key, entry);
      }
    }
    const everyone = new Set<string>();
    const list: LeaveDutyReport[] = [...perDuty.values()].map((p) => {
      const people = new Set(p.substitutes.map((s) => s.to).filter((x): x is string => x !== null));
      for (const x of people) everyone.add(x);
      return { ...p, distinct: people.size };
    });
    return {
      staff: l.staff,
      name: tpl.staff.get(l.staff)?.staff.name ?? l.staff,
      from: l.from,
      to: l.to,
      duties,
      substitutes: everyone.size,
      maxPerDuty: list.reduce((m, p) => Math.max(m, p.distinct), 0),
      perDuty: list,
    };
  });
}

/** Chinese lines for a person: one per leave, then one per duty with its substitutes as runs ("李明×8、王芳×2"). */
export function describeLeaveReports(staff: readonly { readonly id: string; readonly name: string }[], reports: readonly LeaveReport[]): string[] {
  const names = new Map(staff.map((s) => [s.id, s.name] as const));
  const who = (id: string | null): string => (id === null ? '（无人）' : (names.get(id) ?? id));
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.name}（${r.staff}）请假 ${r.from}..${r.to}：${r.duties} 次任务需代课，代课教师共 ${r.substitutes} 人，每项任务最多 ${r.maxPerDuty} 人`);
    for (const p of r.perDuty) {
      const runs: { to: string | null; n: number }[] = [];
      for (const s of p.substitutes) {
        const last = runs[runs.length - 1];
        if (last && last.to === s.to) last.n++;
        else runs.push({ to: s.to, n: 1 });
      }
      lines.push(`  ${p.label}：${runs.map((x) => `${who(x.to)}×${x.n}`).join(' → ')}`);
    }
  }
  return lines;
}
