import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { compile } from '../src/solver/compile.js';
import { planGroups } from '../src/solver/groups.js';
import { planGroupRooms } from '../src/solver/rooms.js';
import { planClubStage } from '../src/solver/week/club-stage.js';
import { clubStageLp } from '../src/solver/week/club-model.js';
const work = Number(process.env.WORK ?? 400000);
for (const f of process.argv.slice(2)) {
  const inst = JSON.parse(fs.readFileSync(f, 'utf8'));
  const c = compile(inst);
  const g = planGroups(c);
  const gr = planGroupRooms(c, g.groups);
  let t = performance.now();
  const st = planClubStage(c, g.groups, gr.use, { workLimit: work });
  const tNew = performance.now() - t;
  const lp = clubStageLp(c, g.groups, gr.use);
  const file = `/tmp/cl/${f.split('/').pop()}.lp`;
  fs.writeFileSync(file, lp.text);
  t = performance.now();
  const r = spawnSync('cbc', [file, 'sec', process.env.CAP ?? '60', 'solve'], { encoding: 'utf8' });
  const tCbc = performance.now() - t;
  const obj = /Objective value:\s+(\S+)/.exec(r.stdout)?.[1];
  const res = /Result - (.*)/.exec(r.stdout)?.[1];
  const lb = /Lower bound:\s+(\S+)/.exec(r.stdout)?.[1];
  console.log(f.split('/').pop(), 'kehou', st.assignment.cost, 'lb', st.lowerBound, st.proven, st.search, Math.round(tNew), 'ms | cbc', obj, lb, res, Math.round(tCbc), 'ms', lp.stats);
}
