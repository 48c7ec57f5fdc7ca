import fs from 'node:fs';
import { compile } from '../src/solver/compile.js';
import { planGroups } from '../src/solver/groups.js';
import { planGroupRooms } from '../src/solver/rooms.js';
import { assignClubs, chooseClubDays } from '../src/solver/clubs.js';
import { planClubStage } from '../src/solver/week/club-stage.js';
for (const f of process.argv.slice(2)) {
  const inst = JSON.parse(fs.readFileSync(f, 'utf8'));
  const c = compile(inst);
  const g = planGroups(c);
  const gr = planGroupRooms(c, g.groups);
  let t = performance.now();
  const old = assignClubs(c, chooseClubDays(c, gr.use));
  const tOld = performance.now() - t;
  t = performance.now();
  const st = planClubStage(c, g.groups, gr.use);
  const tNew = performance.now() - t;
  t = performance.now();
  const st2 = planClubStage(c, g.groups, gr.use);
  const tNew2 = performance.now() - t;
  console.log(f, { old: old.cost, oldOpt: old.optimal, tOld: Math.round(tOld), cost: st.assignment.cost, lb: st.lowerBound, proven: st.proven, search: st.search, tNew: Math.round(tNew), tNew2: Math.round(tNew2), running: st.assignment.running.reduce((a, b) => a + b, 0), issues: st.pinIssues.length });
}
