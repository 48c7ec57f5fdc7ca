// P2 P3 P4: who may take which duty (docs/decisions.md "Staff eligibility"), recomputed by the checker.
import type { Club, WeekdayName } from '../model/schema.js';
import { isInsider, staffLabel, type CheckContext } from './context.js';
import { weekdayZh } from './time.js';

export type DutyKind = 'block' | 'club' | 'latePickup';

export type EligibilityProblem = { readonly rule: 'P2' | 'P3' | 'P4'; readonly message: string };

/** Every reason why staff `id` may not take a duty of `kind` on `days` (empty list = eligible). */
export function eligibilityProblems(
  ctx: CheckContext,
  id: string,
  kind: DutyKind,
  days: readonly WeekdayName[],
  club?: Club,
): EligibilityProblem[] {
  const s = ctx.staff.get(id);
  if (!s) return [{ rule: 'P2', message: `教职工 ${id} 不在名单中` }];
  const who = staffLabel(ctx, id);
  const out: EligibilityProblem[] = [];
  // P2 an approved written exemption means no duty
  if (s.exempt) out.push({ rule: 'P2', message: `${who} 已获书面批准免于课后服务，不能值班` });
  // P3 a misconduct record means no duty
  if (s.misconduct) out.push({ rule: 'P3', message: `${who} 有师德师风问题记录，不能值班` });
  // P2 unavailable weekdays
  for (const d of days) {
    if ((s.unavailable ?? []).includes(d)) out.push({ rule: 'P2', message: `${who} ${weekdayZh(d)}不可值班` });
  }
  const insider = isInsider(s);
  // P3 an outsider takes duty only when vetted
  if (!insider && !s.vetted) out.push({ rule: 'P3', message: `${who} 是未经审核的校外人员，不能值班` });
  // P3 group blocks (study included) need the school's own staff
  if (kind === 'block' && !insider) out.push({ rule: 'P3', message: `${who} 是校外人员，不能看管课后服务组` });
  // P3 late pickup: an insider, or a vetted outsider with the security role
  if (kind === 'latePickup' && !insider && !s.roles.includes('security')) {
    out.push({ rule: 'P3', message: `${who} 既非本校教职工也非安保人员，不能承担延时接送值班` });
  }
  // P4 a club is led by someone with its skill
  if (kind === 'club' && club?.skill !== undefined && !(s.skills ?? []).includes(club.skill)) {
    out.push({ rule: 'P4', message: `${who} 不具备社团「${club.name}」所需的技能 ${club.skill}` });
  }
  return out;
}
