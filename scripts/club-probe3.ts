import fs from 'node:fs';
import { compile } from '../src/solver/compile.js';
import { planGroups } from '../src/solver/week/groups.js';
import { planGroupRooms } from '../src/solver/week/rooms.js';
import { assignClubs, chooseClubDays } from '../src/solver/week/clubs.js';
import { planClubStage } from '../src/solver/week/club-stage.js';
const works = (process.env.WORKS ?? '100000,300000,600000,1500000').split(',').map(Number);
for (const f of process.argv.slice(2)) {
  const inst = JSON.parse(fs.readFileSync(f, 'utf8'));
  const c = compile(inst); const g = planGroups(c); const gr = planGroupRooms(c, g.groups);
  const med = (fn: () => unknown) => { const ts: number[] = []; let r: any; for (let k = 0; k < 3; k++) { const t = performance.now(); r = fn(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); return { r, ms: Math.round(ts[1]) }; };
  const old = med(() => assignClubs(c, chooseClubDays(c, gr.use)));
  const out: string[] = [`${f.split('/').pop()} old ${old.r.cost} ${old.ms}ms`];
  for (const w of works) { const n = med(() => planClubStage(c, g.groups, gr.use, { workLimit: w })); out.push(`w${w}: ${n.r.assignment.cost} lb ${n.r.lowerBound} ${n.r.proven ? 'P' : ''} ${n.ms}ms n${n.r.search.nodes}`); }
  console.log(out.join(' | '));
}
