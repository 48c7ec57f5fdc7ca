// Shortfall reasons (缺员原因) for duties nobody could take: in Chinese, naming the resource and the numbers,
// so the office knows what to add (a teacher free that weekday, a coach with the skill, a vetted guard …).
import { WEEKDAY_ZH_BY_INDEX } from '../../model/clock.js';
import { clubOfDuty } from '../../model/duty-keys.js';
import { canTake, type CoverState } from './state.js';
import { dutiesClash, DUTY_BLOCK, DUTY_CLUB, type CoverModel } from './model.js';


const hhmm = (t: number): string => `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;

const daysZh = (mask: number): string => {
  const out: string[] = [];
  for (let d = 0; d < 7; d++) if (mask & (1 << d)) out.push(WEEKDAY_ZH_BY_INDEX[d]);
  return out.join('、');
};

/** Name of a club duty for people: the club's name when its label is `club <id>`. */
function clubName(m: CoverModel, d: number): string {
  const label = m.duties[d].label;
  const id = clubOfDuty(label) ?? label;
  const club = (m.instance.clubs ?? []).find((c) => c.id === id);
  return club ? club.name : id;
}

/** Who could take duty d by role, skill and vetting alone (ignoring weekdays and the week's plan). */
function inPool(m: CoverModel, d: number, s: number): boolean {
  if (!m.active[s]) return false;
  if (m.kind[d] === DUTY_BLOCK) return m.insider[s] === 1;
  if (m.kind[d] === DUTY_CLUB) {
    const skill = m.duties[d].skill;
    return skill === undefined || m.skills[s].has(skill);
  }
  return m.insider[s] === 1 || m.security[s] === 1;
}

/** The reason duty d stays uncovered in the final plan. */
export function shortfallReason(st: CoverState, d: number): string {
  const m = st.model;
  const nS = m.nStaff;
  const when = `${daysZh(m.dayMask[d])} ${hhmm(m.start[d])}-${hhmm(m.end[d])}`;
  let pool = 0;
  let unavailable = 0;
  let busy = 0;
  let capped = 0;
  let inactive = 0; // would qualify but exempt, misconduct or not vetted
  for (let s = 0; s < nS; s++) {
    if (!inPool(m, d, s)) {
      if (!m.active[s] && qualifiesIgnoringStatus(m, d, s)) inactive++;
      continue;
    }
    pool++;
    if (m.unavailable[s] & m.dayMask[d]) {
      unavailable++;
      continue;
    }
    const clash = st.held[s].some((e) => dutiesClash(m, d, e));
    if (clash) busy++;
    else if (!canTake(st, s, [d])) capped++;
  }
  const free = pool - unavailable;
  const detail = (): string => {
    const parts: string[] = [];
    if (unavailable > 0) parts.push(`${unavailable} 人${daysZh(m.dayMask[d])}不可值班`);
    if (busy > 0) parts.push(`${busy} 人同一时段已有安排`);
    if (capped > 0) parts.push(`${capped} 人已达每周课时上限`);
    return parts.join('，');
  };
  const inactiveNote = inactive > 0 ? `（另有 ${inactive} 人因免除、师德问题或未审核不能安排）` : '';

  if (m.kind[d] === DUTY_BLOCK) {
    // demand: groups with a block overlapping this one that day
    const groups = new Set<number>();
    for (let e = 0; e < m.nDuties; e++) {
      if (m.kind[e] === DUTY_BLOCK && dutiesClash(m, d, e)) groups.add(m.duties[e].group ?? -1 - e);
    }
    if (pool === 0) return `${when}：看护班需要本校教师，但没有可安排的本校教师${inactiveNote}；请补充本校教师`;
    // say where every one of the pool is: off that day, busy at that time, or at the weekly cap
    const idle = free - busy - capped;
    const have =
      free === 0
        ? `本校教师 ${pool} 人${daysZh(m.dayMask[d])}都不可值班`
        : `本校教师 ${pool} 人中，${[detail(), idle > 0 ? `${idle} 人有空` : ''].filter(Boolean).join('，')}`;
    return `${when}：${groups.size} 个看护班需要本校教师，${have}${inactiveNote}；请增加这一天可值班的本校教师或减少这一时段的看护班`;
  }
  if (m.kind[d] === DUTY_CLUB) {
    const skill = m.duties[d].skill;
    const name = clubName(m, d);
    const need = skill !== undefined ? `社团「${name}」需要会「${skill}」的指导教师` : `社团「${name}」需要指导教师`;
    if (pool === 0) {
      return skill !== undefined
        ? `${need}：没有可安排的人有此技能${inactiveNote}；请补充有此技能的教师或已审核的校外指导人员`
        : `${need}：没有可安排的教职工或已审核的校外人员${inactiveNote}`;
    }
    const who = skill !== undefined ? `${pool} 人有此技能` : `${pool} 人可任教`;
    const why = unavailable === 0 && capped === 0 ? `${when} 都已有安排` : detail();
    return `${need}：${who}，${why}${inactiveNote}；请调整社团时间或补充指导教师`;
  }
  const need = `${when} 延时接送需要本校教师或已审核的保安`;
  if (pool === 0) return `${need}：没有可安排的人员${inactiveNote}`;
  return `${need}：符合条件的 ${pool} 人中，${detail()}${inactiveNote}；请增加值班人员`;
}

function qualifiesIgnoringStatus(m: CoverModel, d: number, s: number): boolean {
  const st = m.instance.staff[s];
  const insider = m.insider[s] === 1;
  if (m.kind[d] === DUTY_BLOCK) return insider;
  if (m.kind[d] === DUTY_CLUB) {
    const skill = m.duties[d].skill;
    return skill === undefined || (st.skills ?? []).includes(skill);
  }
  return insider || st.roles.includes('security');
}
