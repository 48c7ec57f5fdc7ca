// The office formats measured as a user runs them: `kehou template --from`, `import`, `export DIR/` and `validate`
// on a workbook, on the longhutang example (2,623 students, 182 staff), plus the start-up of `kehou validate` on
// JSON (exceljs must not slow the other commands). Reports median wall time, CPU time and peak RSS over runs.
// Run after `npm run build`: node benchmarks/office.bench.mjs [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist/bundle/kehou.js');
const runs = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'kehou-office-bench-'));
const example = join(root, 'examples/longhutang.json');
const plan = join(dir, 'plan.json');
const xlsx = join(dir, 'lht.xlsx');

function measure(args) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, bin, ...args], { cwd: dir, encoding: 'utf8' });
    const [wall, user, sys, rss] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    out.push({ wall, cpu: user + sys, rss });
  }
  const med = (k) => out.map((o) => o[k]).sort((a, b) => a - b)[Math.floor(out.length / 2)];
  return { wall: med('wall'), cpu: med('cpu'), rssMB: Math.round(med('rss') / 1024) };
}

spawnSync(process.execPath, [bin, 'solve', example, '-o', plan, '--seed', '1'], { cwd: dir });
const rows = [
  ['kehou validate longhutang.json (start-up check)', ['validate', example]],
  ['kehou template --from longhutang.json', ['template', '--from', example, '-o', xlsx]],
  ['kehou import lht.xlsx', ['import', xlsx, '-o', join(dir, 'lht.json')]],
  ['kehou validate lht.xlsx', ['validate', xlsx]],
  ['kehou export longhutang plan -o DIR/ (xlsx + html + 169 .ics)', ['export', example, plan, '-o', join(dir, 'out/')]],
];
console.log(`machine: ${cpus().length} × ${cpus()[0].model}, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| command | median wall | median CPU | peak RSS |\n|---|---|---|---|');
for (const [name, args] of rows) {
  const m = measure(args);
  console.log(`| ${name} | ${m.wall.toFixed(2)} s | ${m.cpu.toFixed(2)} s | ${m.rssMB} MB |`);
}
