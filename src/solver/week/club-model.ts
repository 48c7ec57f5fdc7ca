// The whole club stage as a MILP in CPLEX LP format (`kehou export-lp --stage clubs`): which clubs run, on which
// day set, in which room, with which leader, and who joins — the model the club stage (club-stage.ts) optimises,
// built from the same prepared options, so any MILP solver (CBC: `cbc FILE solve`) can check its optimum.
//
//   y[j,k]   club j runs with day-set option k (binary)        Σ_k y[j,k] ≤ 1 (= 1 for a club with pinned students)
//   r[j,k,r] its room (binary)  Σ_r r[j,k,r] = y[j,k]          l[j,k,i] its leader (binary)  Σ_i l[j,k,i] = y[j,k]
//   x[t,j]   students of type t in club j (continuous: for fixed binaries the rest is a transportation problem
//            with integral data, so its optimum is integral)   u[t] students of type t in no club
//   Σ_j x[t,j] + u[t] = n_t;  x[t,j] ≤ n_t Σ_{k: days_k ⊆ days_t} y[j,k]  (S5 S6 attends every club day)
//   pinned_j + Σ_t x[t,j] ≤ Σ_{k,r} min(max_j, cap_r) r[j,k,r]   (R1)    pinned_j + Σ_t x[t,j] ≥ min_j Σ_k y[j,k]  (S6)
//   R2: Σ r[j,k,r] ≤ 1 over the clubs meeting at one instant of a weekday, per room; P5: the same per leader;
//   P8: Σ minutes·days·l[j,k,i] ≤ maxPeriodsPerWeek·lessonMinutes; coverage first: insiders leading at an instant
//   ≤ insiders available − group blocks at that instant.
//   minimise Σ weight·rank²·x + 100·weight·u + constant (pinned members, students with no eligible club).
// clubsPerStudent > 1: per student binaries x[s,j,k], at most clubsPerStudent clubs and one club a weekday,
// u[s] ≥ 1 − Σ x[s,·,·].
import type { Instance } from '../../model/schema.js';
import { compile, dayCount, daysOf, type Compiled } from '../compile.js';
import { planGroups, type Group } from './groups.js';
import { planGroupRooms, type RoomUse } from './rooms.js';
import { prepareClubStage, type ClubStageOptions } from './club-stage.js';

export type ClubModelStats = { readonly variables: number; readonly integers: number; readonly rows: number; readonly nonzeros: number };

export function clubStageLp(c: Compiled, groups: readonly Group[], groupUse: RoomUse, options: ClubStageOptions = {}): { text: string; stats: ClubModelStats } {
  const p = prepareClubStage(c, groups, groupUse, { ...options, previous: undefined });
  const out: string[] = [];
  const bins: string[] = [];
  const bounds: string[] = [];
  let variables = 0;
  let rows = 0;
  let nonzeros = 0;
  const row = (name: string, terms: readonly string[], rhs: string): void => {
    if (terms.length === 0) return;
    out.push(` ${name}:`);
    for (let i = 0; i < terms.length; i += 8) out.push('   ' + terms.slice(i, i + 8).join(' '));
    out.push('   ' + rhs);
    rows++;
    nonzeros += terms.length;
  };
  const nJ = c.nClubs;
  const cps = Math.max(0, c.policy.clubsPerStudent);
  const y = (j: number, k: number): string => `y${j}_${k}`;
  const rv = (j: number, k: number, r: number): string => `r${j}_${k}_${r}`;
  const lv = (j: number, k: number, i: number): string => `l${j}_${k}_${i}`;
  for (let j = 0; j < nJ; j++) {
    p.opts[j].forEach((o, k) => {
      bins.push(y(j, k));
      for (const r of o.rooms) bins.push(rv(j, k, r));
      for (const i of o.leaders) bins.push(lv(j, k, i));
    });
  }
  // students: aggregated types (clubsPerStudent ≤ 1) or one variable set per student
  type Unit = { readonly name: string; readonly n: number; readonly w: number; readonly days: number; readonly elig: Int32Array };
  const units: Unit[] = [];
  for (let t = 0; t < p.T; t++) {
    const st = p.typeStudents[t];
    if (cps <= 1) units.push({ name: `t${t}`, n: st.length, w: p.typeWeight[t], days: p.typeDays[t], elig: p.typeElig[t] });
    else for (const s of st) units.push({ name: `s${s}`, n: 1, w: p.typeWeight[t], days: p.typeDays[t], elig: p.typeElig[t] });
  }
  const xv = (u: Unit, j: number, k?: number): string => (k === undefined ? `x${u.name}_${j}` : `x${u.name}_${j}_${k}`);
  const constant = p.pinCost + p.outside;

  out.push(`\\ kehou clubs: the whole club stage (days, rooms, leaders, members) of ${c.instance.school.name === undefined ? 'the school' : 'this school'}`);
  out.push(`\\ ${nJ} school clubs, ${units.length} student ${cps <= 1 ? 'types' : 'units'}, clubsPerStudent ${cps}; constant part ${constant}`);
  out.push('Minimize');
  const obj: string[] = [];
  for (const u of units) {
    for (let q = 0; q < u.elig.length; q += 2) {
      const j = u.elig[q];
      const cost = u.w * u.elig[q + 1] * u.elig[q + 1];
      if (cps <= 1) obj.push(`+ ${cost} ${xv(u, j)}`);
      else p.opts[j].forEach((o, k) => (o.mask & ~u.days) === 0 && obj.push(`+ ${cost} ${xv(u, j, k)}`));
    }
    obj.push(`+ ${100 * u.w} u${u.name}`);
  }
  obj.push(`+ ${constant} fixed`);
  out.push(' obj:');
  for (let i = 0; i < obj.length; i += 8) out.push('   ' + obj.slice(i, i + 8).join(' '));
  out.push('Subject To');
  row('one', ['+ fixed'], '= 1');

  const members: string[][] = Array.from({ length: nJ }, () => []);
  for (const u of units) {
    const all: string[] = [];
    const byDay = new Map<number, string[]>();
    for (let q = 0; q < u.elig.length; q += 2) {
      const j = u.elig[q];
      const ok: number[] = [];
      p.opts[j].forEach((o, k) => (o.mask & ~u.days) === 0 && ok.push(k));
      if (cps <= 1) {
        all.push(`+ ${xv(u, j)}`);
        members[j].push(`+ ${xv(u, j)}`);
        bounds.push(` ${xv(u, j)} <= ${u.n}`);
        row(`e${u.name}_${j}`, [`+ ${xv(u, j)}`, ...ok.map((k) => `- ${u.n} ${y(j, k)}`)], '<= 0');
      } else {
        for (const k of ok) {
          const v = xv(u, j, k);
          bins.push(v);
          all.push(`+ ${v}`);
          members[j].push(`+ ${v}`);
          row(`e${u.name}_${j}_${k}`, [`+ ${v}`, `- ${y(j, k)}`], '<= 0');
          for (const d of daysOf(p.opts[j][k].mask)) {
            let l = byDay.get(d);
            if (!l) byDay.set(d, (l = []));
            l.push(`+ ${v}`);
          }
        }
      }
    }
    if (cps <= 1) row(`a${u.name}`, [...all, `+ u${u.name}`], `= ${cps === 0 ? 0 : u.n}`);
    else {
      row(`a${u.name}`, all, `<= ${cps}`);
      row(`n${u.name}`, [...all, `+ u${u.name}`], '>= 1');
      for (const [d, l] of [...byDay.entries()].sort((a, b) => a[0] - b[0])) if (l.length > 1) row(`d${u.name}_${d}`, l, '<= 1');
    }
    if (cps === 0) row(`z${u.name}`, [`+ u${u.name}`], `= ${u.n}`);
  }

  for (let j = 0; j < nJ; j++) {
    const o = p.opts[j];
    const pins = p.pinned[j].length;
    row(`run${j}`, o.map((_, k) => `+ ${y(j, k)}`), pins > 0 ? '= 1' : '<= 1');
    o.forEach((opt, k) => {
      row(`room${j}_${k}`, [...opt.rooms.map((r) => `+ ${rv(j, k, r)}`), `- ${y(j, k)}`], '= 0');
      row(`lead${j}_${k}`, [...opt.leaders.map((i) => `+ ${lv(j, k, i)}`), `- ${y(j, k)}`], '= 0');
    });
    const capTerms: string[] = [...members[j]];
    o.forEach((opt, k) => opt.rooms.forEach((r) => capTerms.push(`- ${Math.min(c.clubMax[j], c.roomCap[r])} ${rv(j, k, r)}`)));
    row(`cap${j}`, capTerms, `<= ${-pins}`);
    const minTerms: string[] = [...members[j]];
    o.forEach((_, k) => minTerms.push(`- ${c.clubMin[j]} ${y(j, k)}`));
    if (c.clubMin[j] > 0) row(`min${j}`, minTerms, `>= ${-pins}`);
  }

  // R2 and P5 cliques: per weekday and club start instant, the clubs meeting then
  const starts = [...new Set(Array.from(c.clubStart).filter((s) => s >= 0))].sort((a, b) => a - b);
  const roomCl = new Map<string, string[]>();
  const leadCl = new Map<string, string[]>();
  const load = new Map<number, string[]>();
  const slackUse = new Map<number, string[]>();
  for (let j = 0; j < nJ; j++) {
    p.opts[j].forEach((o, k) => {
      const minutes = (c.clubEnd[j] - c.clubStart[j]) * dayCount(o.mask);
      for (const d of daysOf(o.mask)) {
        for (const s of starts) {
          if (!(c.clubStart[j] <= s && s < c.clubEnd[j])) continue;
          for (const r of o.rooms) push(roomCl, `${r}_${d}_${s}`, `+ ${rv(j, k, r)}`);
          for (const i of o.leaders) push(leadCl, `${i}_${d}_${s}`, `+ ${lv(j, k, i)}`);
        }
        for (const id of p.slackRes[j][d]) for (const i of o.leaders) if (c.staffInsider[i]) push(slackUse, id, `+ ${lv(j, k, i)}`);
      }
      for (const i of o.leaders) if (c.staffMaxMinutes[i] < 1e9) push(load, i, `+ ${minutes} ${lv(j, k, i)}`);
    });
  }
  for (const [key, l] of roomCl) if (l.length > 1) row(`rc${key}`, l, '<= 1');
  for (const [key, l] of leadCl) if (l.length > 1) row(`lc${key}`, l, '<= 1');
  for (const [i, l] of [...load.entries()].sort((a, b) => a[0] - b[0])) row(`p8_${i}`, l, `<= ${c.staffMaxMinutes[i]}`);
  for (const [id, l] of [...slackUse.entries()].sort((a, b) => a[0] - b[0])) if (l.length > p.slack[id]) row(`ins${id}`, l, `<= ${p.slack[id]}`);

  out.push('Bounds');
  out.push(...bounds);
  if (bins.length) {
    out.push('Binaries');
    for (let i = 0; i < bins.length; i += 8) out.push(' ' + bins.slice(i, i + 8).join(' '));
  }
  out.push('End');
  variables = bins.length + bounds.length + units.length + 1;
  return { text: out.join('\n') + '\n', stats: { variables, integers: bins.length, rows, nonzeros } };
}

function push<K>(m: Map<K, string[]>, k: K, v: string): void {
  let l = m.get(k);
  if (!l) m.set(k, (l = []));
  l.push(v);
}

/** The whole club stage's MILP of an instance, after the stages before it (compile, groups, group rooms) exactly
 * as `solve` runs them. */
export function exportClubStageLp(instance: Instance): { text: string; stats: ClubModelStats } {
  const c = compile(instance);
  const groups = planGroups(c);
  const rooms = planGroupRooms(c, groups.groups);
  return clubStageLp(c, groups.groups, rooms.use);
}
