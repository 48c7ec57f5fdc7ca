// The weekly template's rules, one function per rule, hard rules first (like Timefold's
// TimetableConstraintProvider). Each function recomputes its rule from the instance and the schedule.
import { prefRankOf } from '../model/sections.js';
import { clubDuty, clubRoomDuty, groupBlockDuty, groupRoomDuty } from '../model/duty-keys.js';
import { WEEKDAYS, type WeekdayName } from '../model/schema.js';
import {
  attendsOn,
  clubInterval,
  gradeOf,
  isPriority,
  pointer,
  report,
  staffLabel,
  wantsSchoolClub,
  type CheckContext,
} from './context.js';
import { overlappingPairs, type TemplateDuties, type TemplateDuty } from './duties.js';
import { eligibilityProblems } from './eligibility.js';
import { clockOf, weekdayIndex, weekdayZh, type Interval } from './time.js';
import type { DeclaredShortfall } from './types.js';

const EPS = 1e-9;
const studentLabel = (ctx: CheckContext, id: string): string => {
  const s = ctx.students.get(id);
  return s?.name ? `${s.name}（${id}）` : `学生 ${id}`;
};
const span = (i: Interval): string => `${clockOf(i.start)}-${clockOf(i.end)}`;

// FORMAT the schedule is for this school; group ids are unique across the week
export function checkWeekIds(ctx: CheckContext): void {
  if (ctx.schedule.school !== ctx.instance.school.name) {
    report(ctx, 'FORMAT', pointer('school'), `排班结果属于「${ctx.schedule.school}」，实例是「${ctx.instance.school.name}」：两个文件可能不配套`);
  }
  const seen = new Set<string>();
  ctx.schedule.week.groups.forEach((g, gi) => {
    if (seen.has(g.id)) report(ctx, 'FORMAT', pointer('week', 'groups', gi, 'id'), `组编号 ${g.id} 重复`);
    seen.add(g.id);
  });
}

// S1 every attending student is in exactly one group on each of their days and in no group on other days
export function checkS1Attendance(ctx: CheckContext): void {
  const groups = ctx.schedule.week.groups;
  const placed = WEEKDAYS.map(() => new Map<string, number>()); // per weekday: student → index of their group
  groups.forEach((g, gi) => {
    if (!ctx.serviceDays.has(g.day)) {
      report(ctx, 'S1', pointer('week', 'groups', gi, 'day'), `组 ${g.id} 安排在${weekdayZh(g.day)}，但${weekdayZh(g.day)}不是服务日`);
    }
    g.classes.forEach((c, ci) => {
      if (!ctx.classes.has(c)) report(ctx, 'S1', pointer('week', 'groups', gi, 'classes', ci), `组 ${g.id} 的班级 ${c} 不存在`);
    });
    const onDay = placed[weekdayIndex(g.day)];
    g.students.forEach((sid, si) => {
      const s = ctx.students.get(sid);
      if (!s) return report(ctx, 'S1', pointer('week', 'groups', gi, 'students', si), `组 ${g.id} 中的学生 ${sid} 不在名单中`);
      if (!attendsOn(ctx, s, g.day)) {
        return report(ctx, 'S1', pointer('week', 'groups', gi, 'students', si), `${studentLabel(ctx, sid)} ${weekdayZh(g.day)}不参加课后服务，却被编入组 ${g.id}`);
      }
      const first = onDay.get(sid);
      if (first !== undefined) {
        return report(ctx, 'S1', pointer('week', 'groups', gi, 'students', si), `${studentLabel(ctx, sid)} ${weekdayZh(g.day)}被重复编组（已在组 ${groups[first].id}）`);
      }
      onDay.set(sid, gi);
    });
  });
  for (const s of ctx.instance.students) {
    for (const d of s.days) {
      if (attendsOn(ctx, s, d) && !placed[weekdayIndex(d)].has(s.id)) {
        report(ctx, 'S1', pointer('week', 'groups'), `${studentLabel(ctx, s.id)} ${weekdayZh(d)}参加课后服务，但没有被编入任何组`);
      }
    }
  }
}

// S3 a group holds at least one and at most maxGroupSize students
export function checkS3GroupSize(ctx: CheckContext): void {
  const max = ctx.policy.maxGroupSize;
  ctx.schedule.week.groups.forEach((g, gi) => {
    const path = pointer('week', 'groups', gi, 'students');
    if (g.students.length > max) report(ctx, 'S3', path, `组 ${g.id} 有 ${g.students.length} 名学生，超过每组上限 ${max} 人`);
    if (g.students.length === 0) report(ctx, 'S3', path, `组 ${g.id} 没有学生`);
  });
}

// S4 a class with ≥ standaloneRatio attending has its own balanced group(s); the rest form one-grade mixed groups;
// group.classes, group.timeline and the cover length match the students
export function checkS4Grouping(ctx: CheckContext): void {
  const attending = WEEKDAYS.map(() => new Map<string, number>()); // per weekday: class → attending students
  for (const s of ctx.instance.students) {
    for (const d of new Set(s.days)) {
      const onDay = attending[weekdayIndex(d)];
      if (attendsOn(ctx, s, d)) onDay.set(s.class, (onDay.get(s.class) ?? 0) + 1);
    }
  }
  const standalone = (classId: string, day: WeekdayName): boolean => {
    const n = attending[weekdayIndex(day)].get(classId) ?? 0;
    const c = ctx.classes.get(classId);
    return c !== undefined && n > 0 && n >= ctx.policy.standaloneRatio * c.size - EPS;
  };
  const classGroups = new Map<string, { gi: number; count: number }[]>(); // standalone `${class}|${day}` → its groups
  ctx.schedule.week.groups.forEach((g, gi) => {
    const base = pointer('week', 'groups', gi);
    const members = g.students.map((id) => ctx.students.get(id)).filter((s) => s !== undefined);
    const classCount = new Map<string, number>();
    for (const s of members) classCount.set(s.class, (classCount.get(s.class) ?? 0) + 1);
    const own = [...classCount.keys()];
    const standaloneHere = own.filter((c) => standalone(c, g.day));
    if (standaloneHere.length > 0) {
      if (own.length > 1) {
        report(ctx, 'S4', base + '/students', `${weekdayZh(g.day)}班级 ${standaloneHere.join('、')} 达到独立编班比例，应单独成组，但组 ${g.id} 混入了其他班级（${own.join('、')}）`);
      }
      for (const c of standaloneHere) {
        const key = `${c}|${g.day}`;
        const list = classGroups.get(key) ?? [];
        list.push({ gi, count: classCount.get(c) ?? 0 });
        classGroups.set(key, list);
      }
    } else if (members.length > 0) {
      const grades = [...new Set(members.map((s) => gradeOf(ctx, s)).filter((x) => x !== undefined))];
      if (!ctx.policy.mixGrades && grades.length > 1) {
        report(ctx, 'S4', base + '/students', `混合组 ${g.id} 包含多个年级（${grades.join('、')}），未允许跨年级混编`);
      }
      const lines = new Set(grades.map((x) => ctx.gradeTimeline.get(x)));
      if (ctx.policy.mixGrades && lines.size > 1) {
        report(ctx, 'S4', base + '/students', `混合组 ${g.id} 包含不同作息时间线的年级（${grades.join('、')}）`);
      }
    }
    // group.classes = the set of its students' classes
    const listed = new Set(g.classes);
    const same = listed.size === own.length && own.every((c) => listed.has(c)) && g.classes.length === listed.size;
    if (!same) {
      report(ctx, 'S4', base + '/classes', `组 ${g.id} 的班级列表 [${g.classes.join(', ')}] 与其学生所在班级 [${own.sort().join(', ')}] 不一致`);
    }
    // group.timeline = the timeline of its grade(s); cover length = block count
    const grade = members.length > 0 ? gradeOf(ctx, members[0]) : undefined;
    const expected = grade === undefined ? undefined : ctx.gradeTimeline.get(grade);
    const line = ctx.timelines.get(g.timeline);
    if (!line) {
      report(ctx, 'S4', base + '/timeline', `组 ${g.id} 的作息时间线 ${g.timeline} 不存在`);
    } else {
      if (expected !== undefined && expected !== g.timeline) {
        report(ctx, 'S4', base + '/timeline', `组 ${g.id} 应使用 ${grade} 年级的作息时间线 ${expected}，而不是 ${g.timeline}`);
      }
      if (g.cover.length !== line.blocks.length) {
        report(ctx, 'S4', base + '/cover', `组 ${g.id} 的看护安排有 ${g.cover.length} 项，时间线 ${g.timeline} 有 ${line.blocks.length} 个时段`);
      }
    }
  });
  // a standalone class forms ⌈n / maxGroupSize⌉ balanced groups
  for (const [key, list] of classGroups) {
    const [classId, day] = key.split('|') as [string, WeekdayName];
    const n = attending[weekdayIndex(day)].get(classId) ?? 0;
    const want = Math.ceil(n / ctx.policy.maxGroupSize);
    const path = pointer('week', 'groups', list[0].gi);
    if (list.length !== want) {
      report(ctx, 'S4', path, `${weekdayZh(day)}班级 ${classId} 有 ${n} 人参加，应独立编为 ${want} 个组，实际 ${list.length} 个`);
    } else {
      const counts = list.map((x) => x.count);
      if (Math.max(...counts) - Math.min(...counts) > 1) {
        report(ctx, 'S4', path, `${weekdayZh(day)}班级 ${classId} 拆分的各组人数不均衡（${counts.join('/')}）`);
      }
    }
  }
}

// S5 only school-level clubs are listed, each once, and each has a club block to meet in
export function checkS5SchoolClubs(ctx: CheckContext): void {
  const seen = new Set<string>();
  ctx.schedule.week.clubs.forEach((c, ci) => {
    const path = pointer('week', 'clubs', ci, 'club');
    const club = ctx.clubs.get(c.club);
    if (!club) return report(ctx, 'S5', path, `社团 ${c.club} 不存在`);
    if (seen.has(c.club)) report(ctx, 'S5', path, `社团「${club.name}」在周安排中重复出现`);
    seen.add(c.club);
    if (club.level !== 'school') return report(ctx, 'S5', path, `「${club.name}」是班级社团，在组内进行，不应列入校级社团安排`);
    if (!clubInterval(ctx, club)) report(ctx, 'S5', path, `社团「${club.name}」所属年级的作息时间线没有社团时段`);
  });
}

// S6 club days, size, eligible members who attend every club day, ≤ clubsPerStudent clubs, no two clubs on one day
export function checkS6ClubMembers(ctx: CheckContext): void {
  const clubsOf = new Map<string, { ci: number; si: number; days: readonly WeekdayName[] }[]>();
  ctx.schedule.week.clubs.forEach((c, ci) => {
    const club = ctx.clubs.get(c.club);
    if (!club || club.level !== 'school') return;
    const base = pointer('week', 'clubs', ci);
    const days = new Set(c.days);
    if (days.size !== c.days.length) report(ctx, 'S6', base + '/days', `社团「${club.name}」的活动日重复`);
    if (club.days) {
      const fixed = new Set(club.days);
      if (fixed.size !== days.size || [...fixed].some((d) => !days.has(d))) {
        report(ctx, 'S6', base + '/days', `社团「${club.name}」固定在 ${club.days.map(weekdayZh).join('、')} 活动，安排却是 ${c.days.map(weekdayZh).join('、') || '无'}`);
      }
    } else {
      const want = club.sessionsPerWeek ?? 1;
      if (days.size !== want) report(ctx, 'S6', base + '/days', `社团「${club.name}」每周应活动 ${want} 天，安排了 ${days.size} 天`);
    }
    for (const d of days) {
      if (!ctx.serviceDays.has(d)) report(ctx, 'S6', base + '/days', `社团「${club.name}」安排在${weekdayZh(d)}，不是服务日`);
    }
    const min = club.min ?? 1;
    if (c.students.length < min) report(ctx, 'S6', base + '/students', `社团「${club.name}」只有 ${c.students.length} 人，不足最少 ${min} 人，不应开设`);
    if (club.max !== undefined && c.students.length > club.max) {
      report(ctx, 'S6', base + '/students', `社团「${club.name}」有 ${c.students.length} 人，超过上限 ${club.max} 人`);
    }
    const inClub = new Set<string>();
    c.students.forEach((sid, si) => {
      const s = ctx.students.get(sid);
      const path = (): string => pointer('week', 'clubs', ci, 'students', si); // built only when reporting
      if (!s) return report(ctx, 'S6', path(), `社团「${club.name}」中的学生 ${sid} 不在名单中`);
      if (inClub.has(sid)) return report(ctx, 'S6', path(), `${studentLabel(ctx, sid)} 在社团「${club.name}」中重复出现`);
      inClub.add(sid);
      const grade = gradeOf(ctx, s);
      if (grade === undefined || !club.grades.includes(grade)) {
        report(ctx, 'S6', path(), `${studentLabel(ctx, sid)}（${grade ?? '?'} 年级）不属于社团「${club.name}」的招收年级`);
      }
      const missing = [...days].filter((d) => !attendsOn(ctx, s, d));
      if (missing.length > 0) {
        report(ctx, 'S6', path(), `${studentLabel(ctx, sid)} ${missing.map(weekdayZh).join('、')}不参加课后服务，不能参加社团「${club.name}」`);
      }
      if (prefRankOf(s.prefs, club) === 0) report(ctx, 'S6', path(), `${studentLabel(ctx, sid)} 没有选报社团「${club.name}」${club.sectionOf ? `（或其所属的 ${club.sectionOf}）` : ''}`);
      const list = clubsOf.get(sid) ?? [];
      list.push({ ci, si, days: [...days] });
      clubsOf.set(sid, list);
    });
  });
  for (const [sid, list] of clubsOf) {
    const last = list[list.length - 1];
    const path = pointer('week', 'clubs', last.ci, 'students', last.si);
    if (list.length > ctx.policy.clubsPerStudent) {
      report(ctx, 'S6', path, `${studentLabel(ctx, sid)} 参加了 ${list.length} 个校级社团，每人最多 ${ctx.policy.clubsPerStudent} 个`);
    }
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const both = list[a].days.filter((d) => list[b].days.includes(d));
        if (both.length > 0) {
          const ca = ctx.schedule.week.clubs[list[a].ci].club;
          const cb = ctx.schedule.week.clubs[list[b].ci].club;
          report(ctx, 'S6', pointer('week', 'clubs', list[b].ci, 'students', list[b].si), `${studentLabel(ctx, sid)} 的社团 ${ca} 与 ${cb} 都在${both.map(weekdayZh).join('、')}活动`);
        }
      }
    }
  }
}

const membershipCache = new WeakMap<CheckContext, Map<string, number[]>>();

/** student id → indices of the school clubs (week.clubs) they are in */
function membership(ctx: CheckContext): Map<string, number[]> {
  const cached = membershipCache.get(ctx);
  if (cached) return cached;
  const m = new Map<string, number[]>();
  membershipCache.set(ctx, m);
  ctx.schedule.week.clubs.forEach((c, ci) => {
    for (const sid of new Set(c.students)) {
      const list = m.get(sid) ?? [];
      list.push(ci);
      m.set(sid, list);
    }
  });
  return m;
}

// S2 no priority student is left without a club while a non-priority student holds a seat in a club they list and could join
export function checkS2Priority(ctx: CheckContext): void {
  if (ctx.policy.clubsPerStudent < 1) return;
  const member = membership(ctx);
  for (const s of ctx.instance.students) {
    if (!isPriority(s) || !wantsSchoolClub(ctx, s) || member.has(s.id)) continue;
    const grade = gradeOf(ctx, s);
    // the clubs the student lists, and their sections (clubs[].sectionOf)
    const listed = ctx.schedule.week.clubs.map((w, ci) => ({ ci, club: ctx.clubs.get(w.club) })).filter((x) => x.club && prefRankOf(s.prefs, x.club) > 0);
    listed.sort((a, b) => prefRankOf(s.prefs, a.club!) - prefRankOf(s.prefs, b.club!) || a.ci - b.ci);
    for (const { ci, club } of listed) {
      if (!club || club.level !== 'school') continue;
      const c = ctx.schedule.week.clubs[ci];
      if (grade === undefined || !club.grades.includes(grade)) continue;
      if (!c.days.every((d) => attendsOn(ctx, s, d))) continue;
      const taker = c.students.findIndex((id) => {
        const other = ctx.students.get(id);
        return other !== undefined && !isPriority(other);
      });
      if (taker >= 0) {
        report(ctx, 'S2', pointer('week', 'clubs', ci, 'students', taker), `优先服务对象 ${studentLabel(ctx, s.id)} 未分到社团，而非优先学生 ${studentLabel(ctx, c.students[taker])} 占用了其可参加的社团「${club.name}」的名额`);
        break;
      }
    }
  }
}

// R1 a group's room is of a groupRoomKinds kind, a club's of its roomKinds, each with enough seats
export function checkR1Rooms(ctx: CheckContext): void {
  const kinds = ctx.policy.groupRoomKinds;
  ctx.schedule.week.groups.forEach((g, gi) => {
    if (g.room === null) return;
    const path = pointer('week', 'groups', gi, 'room');
    const r = ctx.rooms.get(g.room);
    if (!r) return report(ctx, 'R1', path, `组 ${g.id} 的教室 ${g.room} 不存在`);
    if (!kinds.includes(r.kind)) report(ctx, 'R1', path, `组 ${g.id} 使用的 ${r.id} 是「${r.kind}」类场地，课后服务组只能使用 ${kinds.join('、')}`);
    if (r.capacity < g.students.length) report(ctx, 'R1', path, `组 ${g.id} 有 ${g.students.length} 人，教室 ${r.id} 只有 ${r.capacity} 个座位`);
  });
  ctx.schedule.week.clubs.forEach((c, ci) => {
    if (c.room === null) return;
    const club = ctx.clubs.get(c.club);
    const path = pointer('week', 'clubs', ci, 'room');
    const r = ctx.rooms.get(c.room);
    if (!r) return report(ctx, 'R1', path, `社团 ${c.club} 的场地 ${c.room} 不存在`);
    if (club?.roomKinds && !club.roomKinds.includes(r.kind)) {
      report(ctx, 'R1', path, `社团「${club.name}」需要 ${club.roomKinds.join('、')} 类场地，${r.id} 是「${r.kind}」`);
    }
    if (r.capacity < c.students.length) report(ctx, 'R1', path, `社团 ${c.club} 有 ${c.students.length} 人，场地 ${r.id} 只有 ${r.capacity} 个位置`);
  });
}

// RUN a club that runs (is listed in week.clubs) has a room and a leader: a school cannot hold it otherwise, so a
// null there is a violation (the club must not run; its students go elsewhere), never a declarable shortfall
export function checkRunClubs(ctx: CheckContext): void {
  ctx.schedule.week.clubs.forEach((c, ci) => {
    const name = ctx.clubs.get(c.club)?.name ?? c.club;
    if (c.room === null) report(ctx, 'RUN', pointer('week', 'clubs', ci, 'room'), `社团「${name}」开设了却没有场地：没有场地的社团无法活动，应不开设并把学生安排到其他志愿`);
    if (c.staff === null) report(ctx, 'RUN', pointer('week', 'clubs', ci, 'staff'), `社团「${name}」开设了却没有指导教师：没有指导教师的社团无法活动，应不开设并把学生安排到其他志愿`);
  });
}

// R2 a room holds one group or club at a time (a group: its whole afternoon; a club: its club block on its days)
export function checkR2RoomClash(ctx: CheckContext): void {
  type Use = { interval: Interval; path: string; what: string };
  const uses = new Map<string, Use[]>(); // `${room}|${day}`
  const add = (room: string, day: WeekdayName, use: Use) => {
    const key = `${room}|${day}`;
    const list = uses.get(key);
    if (list) list.push(use);
    else uses.set(key, [use]);
  };
  ctx.schedule.week.groups.forEach((g, gi) => {
    const t = ctx.timelines.get(g.timeline);
    if (g.room === null || !t) return;
    add(g.room, g.day, { interval: t.afternoon, path: pointer('week', 'groups', gi, 'room'), what: `组 ${g.id}` });
  });
  ctx.schedule.week.clubs.forEach((c, ci) => {
    const club = ctx.clubs.get(c.club);
    const t = club ? clubInterval(ctx, club) : undefined;
    if (c.room === null || !t) return;
    for (const d of new Set(c.days)) add(c.room, d, { interval: t, path: pointer('week', 'clubs', ci, 'room'), what: `社团 ${c.club}` });
  });
  for (const [key, list] of uses) {
    const [room, day] = key.split('|') as [string, WeekdayName];
    for (const [a, b] of overlappingPairs(list)) {
      report(ctx, 'R2', b.path, `${weekdayZh(day)}场地 ${room} 同时被${a.what}（${span(a.interval)}）和${b.what}（${span(b.interval)}）占用`);
    }
  }
}

// P2 P3 P4 every duty holder may take that duty (exempt, misconduct, unavailable weekday, vetting, insider-only group blocks, pickup roles, club skill)
export function checkP2P3P4Eligibility(ctx: CheckContext, duties: TemplateDuties): void {
  const done = new Set<string>(); // a club's holder is checked once for all its days
  for (const d of duties.all) {
    if (d.holder === null) continue;
    if (d.kind === 'club') {
      if (done.has(d.path)) continue;
      done.add(d.path);
      const ci = Number(d.key.slice(5, d.key.indexOf('@')));
      const days = [...new Set(ctx.schedule.week.clubs[ci].days)];
      for (const p of eligibilityProblems(ctx, d.holder, 'club', days, d.club)) report(ctx, p.rule, d.path, `${d.zh}：${p.message}`);
      continue;
    }
    for (const p of eligibilityProblems(ctx, d.holder, d.kind, [d.day])) report(ctx, p.rule, d.path, `${weekdayZh(d.day)}${d.zh}：${p.message}`);
  }
}

// P5 nobody is in two places at overlapping times on a weekday (group blocks, club sessions, late pickup)
export function checkP5Overlap(ctx: CheckContext, duties: TemplateDuties): void {
  for (const [day, list] of duties.byDay) {
    const byStaff = new Map<string, TemplateDuty[]>();
    for (const d of list) {
      if (d.holder === null) continue;
      const l = byStaff.get(d.holder);
      if (l) l.push(d);
      else byStaff.set(d.holder, [d]);
    }
    for (const [sid, own] of byStaff) {
      for (const [a, b] of overlappingPairs(own)) {
        report(ctx, 'P5', b.path, `${staffLabel(ctx, sid)} ${weekdayZh(day)}同时承担${a.zh}（${span(a.interval)}）和${b.zh}（${span(b.interval)}）`);
      }
    }
  }
}

// P7 each service weekday has latePickupStaffPerDay late-pickup duties, and none on other days
export function checkP7LatePickup(ctx: CheckContext): void {
  const count = new Map<WeekdayName, number>();
  ctx.schedule.week.duties.forEach((d, di) => {
    if (!ctx.serviceDays.has(d.day)) report(ctx, 'P7', pointer('week', 'duties', di, 'day'), `延时接送值班安排在${weekdayZh(d.day)}，不是服务日`);
    count.set(d.day, (count.get(d.day) ?? 0) + 1);
  });
  const want = ctx.policy.latePickupStaffPerDay;
  for (const day of ctx.instance.calendar.serviceWeekdays) {
    const n = count.get(day) ?? 0;
    if (n !== want) report(ctx, 'P7', pointer('week', 'duties'), `${weekdayZh(day)}应安排 ${want} 个延时接送值班岗，实际 ${n} 个`);
  }
}

/** Weekly template load in minutes per staff member (docs/decisions.md "Load definition"). */
export function weeklyLoadMinutes(duties: TemplateDuties): Map<string, number> {
  const load = new Map<string, number>();
  for (const d of duties.all) {
    if (d.holder !== null) load.set(d.holder, (load.get(d.holder) ?? 0) + (d.interval.end - d.interval.start));
  }
  return load;
}

// P8 weekly load in periods ≤ maxPeriodsPerWeek
export function checkP8Load(ctx: CheckContext, duties: TemplateDuties): void {
  for (const [sid, minutes] of weeklyLoadMinutes(duties)) {
    const max = ctx.staff.get(sid)?.maxPeriodsPerWeek;
    const periods = minutes / ctx.lessonMinutes;
    if (max !== undefined && periods > max + EPS) {
      const first = duties.all.find((d) => d.holder === sid);
      report(ctx, 'P8', first?.path ?? pointer('week'), `${staffLabel(ctx, sid)} 每周 ${Math.round(periods * 100) / 100} 课时，超过上限 ${max} 课时`);
    }
  }
}

/** clubCost (docs/decisions.md "clubCost"): k² at preference position k, 100 unplaced, ×10 for a priority student. */
export function computeClubCost(ctx: CheckContext): number {
  const member = membership(ctx);
  let total = 0;
  for (const s of ctx.instance.students) {
    if (!wantsSchoolClub(ctx, s)) continue;
    const prefs = s.prefs ?? [];
    const clubs = member.get(s.id) ?? [];
    let cost = 0;
    if (clubs.length === 0) cost = 100;
    for (const ci of clubs) {
      const w = ctx.schedule.week.clubs[ci];
      const club = ctx.clubs.get(w.club);
      const k = club ? prefRankOf(prefs, club) : prefs.indexOf(w.club) + 1;
      cost += k > 0 ? k * k : 100;
    }
    total += isPriority(s) ? cost * 10 : cost;
  }
  return total;
}

// COST report.clubCost equals the recomputed club cost
export function checkCost(ctx: CheckContext, clubCost: number): void {
  const given = ctx.schedule.report?.clubCost;
  if (typeof given !== 'number') {
    report(ctx, 'COST', pointer('report', 'clubCost'), `报告缺少 clubCost（重新计算为 ${clubCost}）`);
  } else if (Math.abs(given - clubCost) > 1e-6) {
    report(ctx, 'COST', pointer('report', 'clubCost'), `报告的社团分配代价 clubCost = ${given}，重新计算为 ${clubCost}`);
  }
}

// UNPLACED `unplaced` lists exactly the students who want a school club and got none, once each, with a reason
export function checkUnplaced(ctx: CheckContext): void {
  const member = membership(ctx);
  const listed = new Set<string>();
  ctx.schedule.unplaced.forEach((u, ui) => {
    const path = pointer('unplaced', ui);
    const s = ctx.students.get(u.student);
    if (listed.has(u.student)) report(ctx, 'UNPLACED', path, `未分配名单中 ${u.student} 重复出现`);
    listed.add(u.student);
    if (!s) return report(ctx, 'UNPLACED', path + '/student', `未分配名单中的学生 ${u.student} 不在名单中`);
    if (!wantsSchoolClub(ctx, s)) report(ctx, 'UNPLACED', path, `${studentLabel(ctx, u.student)} 没有选报校级社团，不应列入未分配名单`);
    else if (member.has(u.student)) report(ctx, 'UNPLACED', path, `${studentLabel(ctx, u.student)} 已分到社团，不应列入未分配名单`);
    if (u.reason.trim() === '') report(ctx, 'UNPLACED', path + '/reason', `未分配的 ${studentLabel(ctx, u.student)} 缺少原因说明`);
  });
  for (const s of ctx.instance.students) {
    if (wantsSchoolClub(ctx, s) && !member.has(s.id) && !listed.has(s.id)) {
      report(ctx, 'UNPLACED', pointer('unplaced'), `${studentLabel(ctx, s.id)} 选报了校级社团但未分到，应列入未分配名单`);
    }
  }
}

/** A null in the week template: a duty nobody takes or a room nobody has. */
type WeekNull = { readonly path: string; readonly duty: string; readonly day?: WeekdayName; readonly zh: string };

function weekNulls(ctx: CheckContext, duties: TemplateDuties): WeekNull[] {
  const out: WeekNull[] = [];
  for (const d of duties.all) {
    if (d.holder !== null) continue;
    if (d.kind === 'club') continue; // a running club without a leader is a RUN violation, not a shortfall
    out.push({ path: d.path, duty: d.label, day: d.day, zh: `${weekdayZh(d.day)}${d.zh}无人值守` });
  }
  // a cover entry with no timeline block still has to be declared if null (its length is an S4 matter)
  ctx.schedule.week.groups.forEach((g, gi) => {
    const blocks = ctx.timelines.get(g.timeline)?.blocks.length ?? 0;
    g.cover.forEach((h, b) => {
      if (h === null && b >= blocks) out.push({ path: pointer('week', 'groups', gi, 'cover', b), duty: groupBlockDuty(g.id, b), day: g.day, zh: `组 ${g.id} 第 ${b + 1} 时段无人值守` });
    });
    if (g.room === null) out.push({ path: pointer('week', 'groups', gi, 'room'), duty: groupRoomDuty(g.id), day: g.day, zh: `组 ${g.id} 没有教室` });
  });
  return out;
}

// SHORTFALL every null duty or room in the week is declared in `shortfalls`; every undated declaration names a real null
export function checkWeekShortfalls(ctx: CheckContext, duties: TemplateDuties): DeclaredShortfall[] {
  const declared = new Map<string, number[]>(); // duty string → indices into shortfalls (undated only)
  const pickupByDay = new Map<string, number[]>(); // "latePickup <day>" → indices
  (ctx.schedule.shortfalls ?? []).forEach((s, i) => {
    if (s.date !== undefined) return;
    const key = s.duty.trim();
    declared.set(key, [...(declared.get(key) ?? []), i]);
    const m = /^latePickup (\w+) #\d+$/.exec(key);
    if (m) pickupByDay.set(m[1], [...(pickupByDay.get(m[1]) ?? []), i]);
  });
  const used = new Set<number>();
  const take = (list: number[] | undefined): number | undefined => list?.find((i) => !used.has(i));
  const out: DeclaredShortfall[] = [];
  const nulls = weekNulls(ctx, duties);
  const unmatched: WeekNull[] = [];
  for (const n of nulls) {
    const i = take(declared.get(n.duty));
    if (i === undefined) unmatched.push(n);
    else used.add(i), out.push(shortfallOf(ctx, n, i));
  }
  for (const n of unmatched) {
    // a late-pickup null may be declared under another ordinal of the same day
    const m = /^latePickup (\w+) #\d+$/.exec(n.duty);
    const i = m ? take(pickupByDay.get(m[1])) : undefined;
    if (i === undefined) report(ctx, 'SHORTFALL', n.path, `${n.zh}，但 shortfalls 中没有申报（应有 duty "${n.duty}"）`);
    else used.add(i), out.push(shortfallOf(ctx, n, i));
  }
  // declarations of a club's missing room or leader are answered by RUN (a violation), not reported twice
  for (const c of ctx.schedule.week.clubs) {
    if (c.staff === null) for (const i of declared.get(clubDuty(c.club)) ?? []) used.add(i);
    if (c.room === null) for (const i of declared.get(clubRoomDuty(c.club)) ?? []) used.add(i);
  }
  (ctx.schedule.shortfalls ?? []).forEach((s, i) => {
    if (s.date === undefined && !used.has(i)) {
      report(ctx, 'SHORTFALL', pointer('shortfalls', i), `申报的缺口 "${s.duty}" 在周安排中找不到对应的空缺（该值班或场地已有安排，或名称不对）`);
    }
  });
  return out;
}

function shortfallOf(ctx: CheckContext, n: WeekNull, i: number): DeclaredShortfall {
  const s = ctx.schedule.shortfalls![i];
  const day = n.day ?? s.day;
  return { path: n.path, duty: n.duty, ...(day ? { day } : {}), reason: s.reason };
}
