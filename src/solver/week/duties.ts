// The staff duties of the weekly template (值班任务), in the order the cover stage and the schedule share.
import { BLOCK_STUDY, daysOf, type Compiled } from '../compile.js';
import type { CoverDuty } from '../cover/index.js';
import type { Group } from './groups.js';
import { clubLabel, groupBlockLabel, pickupLabel } from './schedule.js';

/** The cover duties of the weekly template (docs/cover.md): every block of every group, every running club
 * (one duty for all its days; held by the leader the club stage chose when `clubLeader` is given),
 * `latePickupStaffPerDay` late-pickup duties per service weekday. */
export function buildDuties(
  c: Compiled,
  groups: readonly Group[],
  running: Uint8Array,
  clubMask: Int32Array,
  clubLeader?: Int32Array,
): { duties: CoverDuty[]; index: { groupBlock: Int32Array; club: Int32Array; pickup: Int32Array } } {
  const duties: CoverDuty[] = [];
  const groupBlock = new Int32Array(groups.length);
  groups.forEach((g, gi) => {
    groupBlock[gi] = duties.length;
    const homerooms = [...new Set(g.classes.map((k) => c.classHomeroom[k]).filter((h) => h >= 0))].sort((a, b) => a - b);
    for (let b = c.tlBlockOffset[g.timeline], i = 0; b < c.tlBlockOffset[g.timeline + 1]; b++, i++) {
      duties.push({
        kind: 'block',
        days: [g.day],
        start: c.blockStart[b],
        end: c.blockEnd[b],
        grades: g.grades,
        homerooms,
        group: gi,
        block: i,
        study: c.blockKind[b] === BLOCK_STUDY,
        label: groupBlockLabel(g, i),
      });
    }
  });
  const club = new Int32Array(c.nClubs).fill(-1);
  for (let j = 0; j < c.nClubs; j++) {
    if (!running[j]) continue;
    club[j] = duties.length;
    const src = c.instance.clubs![c.clubSrc[j]];
    duties.push({
      kind: 'club',
      days: daysOf(clubMask[j]),
      start: c.clubStart[j],
      end: c.clubEnd[j],
      grades: [...src.grades].sort((a, b) => a - b),
      homerooms: [],
      ...(src.skill !== undefined ? { skill: src.skill } : {}),
      ...(clubLeader && clubLeader[j] >= 0 ? { leader: clubLeader[j] } : {}),
      label: clubLabel(c, j),
    });
  }
  const perDay = c.policy.latePickupStaffPerDay;
  const pickup = new Int32Array(c.days.length * perDay);
  c.days.forEach((d, di) => {
    for (let n = 0; n < perDay; n++) {
      pickup[di * perDay + n] = duties.length;
      duties.push({ kind: 'latePickup', days: [d], start: c.latePickupStart, end: c.latePickupEnd, grades: [], homerooms: [], label: pickupLabel(d, n) });
    }
  });
  return { duties, index: { groupBlock, club, pickup } };
}
