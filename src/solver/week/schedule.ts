// Assemble the schedule document (kehou.schedule/1) from the stage results, with its report (报告) and the
// Chinese summary printed by `kehou solve --summary`. Timing figures live only in report.timingsMs / solveMs.
import { clubDuty, clubRoomDuty, groupBlockDuty, groupRoomDuty, latePickupDuty } from '../../model/duty-keys.js';
import { SCHEDULE_FORMAT, WEEKDAYS, type Report, type Schedule, type Shortfall, type WeekClub, type WeekGroup, type Duty } from '../../model/schema.js';
import { dayCount, daysOf, type Compiled } from '../compile.js';
import type { ClubAssignment, ClubDays } from './clubs.js';
import type { ClubStage } from './club-stage.js';
import type { CoverDuty, CoverResult } from '../cover/index.js';
import type { Group, GroupPlan } from './groups.js';
import { daysZh, type GroupRooms } from './rooms.js';
import type { SolveStatus } from '../api.js';

/** Everything the stages produced; a stage that did not run (cancelled) leaves its field undefined. */
export type PlanState = {
  readonly groups?: GroupPlan;
  readonly groupRooms?: GroupRooms;
  readonly clubDays?: ClubDays;
  readonly clubs?: ClubAssignment;
  /** final club rooms */
  readonly clubRoom?: Int32Array;
  /** the whole club stage (bound, search, pins, changes) */
  readonly clubStage?: ClubStage;
  readonly duties?: readonly CoverDuty[];
  /** index of the first duty of each kind in `duties` */
  readonly dutyIndex?: { readonly groupBlock: Int32Array; readonly club: Int32Array; readonly pickup: Int32Array };
  readonly cover?: CoverResult;
};

export type ReportMeta = {
  readonly status: SolveStatus;
  readonly seed: number;
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly solveMs: number;
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** duty strings (docs/decisions.md "Duty strings") */
export const groupBlockLabel = (g: Group, i: number): string => groupBlockDuty(g.id, i);
export const clubLabel = (c: Compiled, j: number): string => clubDuty(c.instance.clubs![c.clubSrc[j]].id);
export const pickupLabel = (d: number, n: number): string => latePickupDuty(WEEKDAYS[d], n + 1);

/** Schedule + report from the stage results. */
export function buildSchedule(c: Compiled, st: PlanState, meta: ReportMeta): Schedule {
  const inst = c.instance;
  const staffId = (i: number): string | null => (i >= 0 ? inst.staff[i].id : null);
  const roomId = (r: number): string | null => (r >= 0 ? inst.rooms[r].id : null);
  const shortfalls: Shortfall[] = [];
  const notPlanned = '规划在此阶段前被取消，未完成';
  const groups = st.groups?.groups ?? [];
  const holder = st.cover?.holder;
  const coverReason = new Map<number, string>();
  for (const s of st.cover?.shortfalls ?? []) if (!coverReason.has(s.duty)) coverReason.set(s.duty, s.reason);
  const dutyShort = (duty: number | undefined, day: number, label: string): void => {
    const reason = duty !== undefined && duty >= 0 ? coverReason.get(duty) : undefined;
    shortfalls.push({ day: WEEKDAYS[day], duty: label, reason: reason ?? (st.cover ? '没有符合条件且有空的教职工' : notPlanned) });
  };

  // groups
  const weekGroups: WeekGroup[] = groups.map((g, gi) => {
    const blocks = c.tlBlockOffset[g.timeline + 1] - c.tlBlockOffset[g.timeline];
    const room = st.groupRooms ? st.groupRooms.groupRoom[gi] : -1;
    if (room < 0) shortfalls.push({ day: WEEKDAYS[g.day], duty: groupRoomDuty(g.id), reason: st.groupRooms?.reasons.get(gi) ?? notPlanned });
    const cover: (string | null)[] = [];
    for (let b = 0; b < blocks; b++) {
      const duty = st.dutyIndex ? st.dutyIndex.groupBlock[gi] + b : -1;
      const h = holder && duty >= 0 ? holder[duty] : -1;
      cover.push(staffId(h));
      if (h < 0) dutyShort(duty, g.day, groupBlockLabel(g, b));
    }
    return {
      id: g.id,
      day: WEEKDAYS[g.day],
      timeline: inst.timelines[g.timeline].id,
      classes: g.classes.map((k) => inst.classes[k].id),
      room: roomId(room),
      students: Array.from(g.students, (s) => inst.students[s].id),
      cover,
    };
  });

  // clubs
  const weekClubs: WeekClub[] = [];
  if (st.clubs && st.clubDays) {
    for (let j = 0; j < c.nClubs; j++) {
      if (!st.clubs.running[j]) continue;
      const id = inst.clubs![c.clubSrc[j]].id;
      const mask = st.clubDays.mask[j];
      const first = daysOf(mask)[0];
      const room = st.clubRoom ? st.clubRoom[j] : -1;
      if (room < 0) {
        shortfalls.push({ day: WEEKDAYS[first], duty: clubRoomDuty(id), reason: clubRoomReason(c, j, st.clubs.members[j].length, mask) });
      }
      const duty = st.dutyIndex ? st.dutyIndex.club[j] : -1;
      const h = holder && duty >= 0 ? holder[duty] : -1;
      if (h < 0) dutyShort(duty, first, clubDuty(id));
      weekClubs.push({
        club: id,
        days: daysOf(mask).map((d) => WEEKDAYS[d]),
        room: roomId(room),
        staff: staffId(h),
        students: Array.from(st.clubs.members[j], (s) => inst.students[s].id),
      });
    }
  }

  // late pickup (P7)
  const duties: Duty[] = [];
  const perDay = c.policy.latePickupStaffPerDay;
  c.days.forEach((d, di) => {
    for (let n = 0; n < perDay; n++) {
      const duty = st.dutyIndex ? st.dutyIndex.pickup[di * perDay + n] : -1;
      const h = holder && duty >= 0 ? holder[duty] : -1;
      if (h < 0) dutyShort(duty, d, pickupLabel(d, n));
      duties.push({ kind: 'latePickup', day: WEEKDAYS[d], staff: staffId(h) });
    }
  });

  const unplaced = st.clubs
    ? st.clubs.unplaced.map((u) => ({ student: inst.students[u.student].id, reason: u.reason }))
    : inst.students.flatMap((s, i) => (c.studentWants[i] ? [{ student: s.id, reason: '未安排社团：' + notPlanned }] : []));

  return {
    format: SCHEDULE_FORMAT,
    school: inst.school.name,
    week: { clubs: weekClubs, groups: weekGroups, duties },
    unplaced,
    shortfalls,
    report: buildReport(c, st, meta, shortfalls.length),
  };
}

function clubRoomReason(c: Compiled, j: number, size: number, mask: number): string {
  const a = c.clubKindOffset[j];
  const b = c.clubKindOffset[j + 1];
  const kinds = a === b ? '' : Array.from(c.clubKind.subarray(a, b), (k) => c.kindNames[k]).join('、') + '类';
  let biggest = 0;
  let count = 0;
  for (let r = 0; r < c.nRooms; r++) {
    let ok = a === b;
    for (let p = a; p < b; p++) if (c.clubKind[p] === c.roomKind[r]) ok = true;
    if (!ok) continue;
    count++;
    biggest = Math.max(biggest, c.roomCap[r]);
  }
  const name = c.instance.clubs![c.clubSrc[j]].name;
  const need = Math.max(size, c.clubMin[j]);
  if (count === 0) return `${name}：学校没有${kinds}房间，请添加场地或修改社团的 roomKinds`;
  if (biggest < need) return `${name}：需要容纳 ${need} 人的${kinds}房间，现有最大的只能容纳 ${biggest} 人`;
  return `${name}：${daysZh(mask)}社团时段全部 ${count} 间${kinds}房间都已被看护班或其他社团占用，请调整社团活动日或增加场地`;
}

function buildReport(c: Compiled, st: PlanState, meta: ReportMeta, nShortfalls: number): Report {
  const inst = c.instance;
  const groups = st.groups?.groups ?? [];
  const cover = st.cover;
  const lm = c.lessonMinutes;
  // P8 weekly load in periods from the holders (docs/decisions.md "Load definition")
  const loadMin = new Float64Array(c.nStaff);
  if (cover && st.duties) {
    st.duties.forEach((d, i) => {
      const h = cover.holder[i];
      if (h >= 0) loadMin[h] += (d.end - d.start) * d.days.length;
    });
  }
  const staffLoad: Record<string, { name: string; periodsPerWeek: number }> = {};
  inst.staff.forEach((s, i) => (staffLoad[s.id] = { name: s.name, periodsPerWeek: round2(loadMin[i] / lm) }));
  let uncovered = 0;
  if (st.duties) for (let i = 0; i < st.duties.length; i++) if (!cover || cover.holder[i] < 0) uncovered++;
  let notOwnRoom = 0;
  const gr = st.groupRooms;
  groups.forEach((g, gi) => {
    const own = g.homeClass >= 0 ? c.classRoom[g.homeClass] : -1;
    if (!gr || gr.groupRoom[gi] !== own) notOwnRoom++;
  });
  let slack = 0;
  let running = 0;
  let placed = 0;
  let wanting = 0;
  for (let s = 0; s < c.nStudents; s++) if (c.studentWants[s]) wanting++;
  if (st.clubs) {
    for (let j = 0; j < c.nClubs; j++) {
      if (!st.clubs.running[j]) continue;
      running++;
      const r = st.clubRoom ? st.clubRoom[j] : -1;
      if (r >= 0) slack += c.roomCap[r] - st.clubs.members[j].length;
    }
    for (const l of st.clubs.studentClubs) if (l.length > 0) placed++;
  }
  const coverParts: Record<string, number> = {};
  for (const [k, v] of Object.entries(cover?.objective ?? {})) if (k !== 'uncovered') coverParts[k] = v;
  const clubs = st.clubs;
  return {
    status: meta.status,
    seed: meta.seed,
    objective: {
      order: ['uncoveredDuties', 'clubCost', 'cover', 'groupsNotInOwnRoom', 'clubRoomSlack', 'groups'],
      uncoveredDuties: uncovered,
      clubCost: clubs?.cost ?? null,
      cover: coverParts,
      groupsNotInOwnRoom: notOwnRoom,
      clubRoomSlack: slack,
      groups: groups.length,
    },
    clubCost: clubs?.cost ?? null,
    clubCostBound: clubs?.bound ?? null,
    clubCostOptimal: clubs?.optimal ?? false,
    preferenceHistogram: clubs?.histogram ?? {},
    clubAssignment: clubs
      ? {
          method: st.clubStage ? 'whole-stage branch and bound over min-cost flows' : 'min-cost-flow',
          ...(st.clubStage
            ? {
                lowerBound: st.clubStage.lowerBound,
                searchNodes: st.clubStage.search.nodes,
                searchComplete: st.clubStage.search.complete,
                searchWork: st.clubStage.search.work,
              }
            : { flowArcs: clubs.flowArcs }),
          certified: clubs.optimal,
          flowRounds: clubs.flowRounds,
          flowNodes: clubs.flowNodes,
          s2Repairs: clubs.s2Repairs,
          dayConflictDrops: clubs.conflictDrops,
          closed: clubs.closedReason.filter((r): r is string => r !== undefined),
        }
      : null,
    clubPins: st.clubStage ? st.clubStage.pinIssues : [],
    cover: cover ? { cost: cover.cost, bound: cover.bound, gap: cover.gap, status: cover.status } : null,
    staffLoad,
    counts: {
      students: c.nStudents,
      groups: groups.length,
      standaloneGroups: groups.filter((g) => g.standalone).length,
      mixedGroups: groups.filter((g) => !g.standalone).length,
      clubsRunning: running,
      clubSessionsPerWeek: clubs && st.clubDays ? sumSessions(c, clubs.running, st.clubDays.mask) : 0,
      studentsWantingClub: wanting,
      studentsPlaced: placed,
      unplaced: clubs?.unplaced.length ?? wanting,
      duties: st.duties?.length ?? 0,
      uncoveredDuties: uncovered,
      shortfalls: nShortfalls,
    },
    timingsMs: meta.timingsMs,
    solveMs: meta.solveMs,
  };
}

function sumSessions(c: Compiled, running: Uint8Array, mask: Int32Array): number {
  let n = 0;
  for (let j = 0; j < c.nClubs; j++) if (running[j]) n += dayCount(mask[j]);
  return n;
}
