// The benchmark harness (benchmarks/run.mjs) run end to end on the small preset (`--smoke`), so the benchmark code
// cannot rot: one school generated, validated, checked (0 violations), timed, its stage models exported and solved by
// the peers (CBC when installed, javascript-lp-solver), results.json / RESULTS.md written. CI does not run the full bench.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error plain ESM module of the harness, no types
import { parseCbcOutput } from '../../benchmarks/lib/cbc.mjs';
// @ts-expect-error plain ESM module of the harness, no types
import { scalingSvg } from '../../benchmarks/lib/report.mjs';
// @ts-expect-error plain ESM module of the harness, no types
import { median } from '../../benchmarks/lib/common.mjs';

const ROOT = resolve(__dirname, '../..');

describe('benchmark harness', () => {
  it('runs the small preset end to end and writes its results', () => {
    const out = mkdtempSync(join(tmpdir(), 'kehou-bench-test-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'benchmarks/run.mjs'), '--smoke', '--no-build', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const R = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(R.machine.nproc).toBeGreaterThan(0);
    expect(R.machine.node).toBe(process.version);
    expect(R.failures).toEqual([]);
    const s = R.schools[0];
    expect(s.label).toBe('small');
    expect(s.check.weekViolations + s.check.fullViolations).toBe(0);
    expect(s.week.medianMs).toBeGreaterThan(0);
    expect(s.rss.peakRssMb).toBeGreaterThan(10);
    expect(s.clubCost).toBe(s.check.checkerClubCost);
    expect(s.cover.cost).toBeGreaterThanOrEqual(s.cover.bound);
    expect(s.exported.clubs.variables).toBeGreaterThan(0);
    expect(s.exported.cover.variables).toBeGreaterThan(0);
    if (R.cbc) {
      expect(s.cbcClubs.equal).toBe(true);
      expect(s.cbcClubs.objective).toBe(s.clubCostBound);
      if (s.cbcCover.objective !== null) {
        expect(s.cbcCover.kehouEval.violationCount).toBe(0);
        expect(s.cbcCover.kehouEval.cost).toBeCloseTo(s.cbcCover.objective, 5);
      }
    } else {
      console.warn('未找到 cbc：基准测试跳过了 CBC 一栏（apt-get install coinor-cbc）');
      expect(s.cbcClubs.skipped).toMatch(/coinor-cbc/);
    }
    expect(s.jslpClubs.equal).toBe(true);
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(md).toMatch(/## 目标 · Targets/);
    expect(md).toMatch(/\| small \| 500/);
    expect(existsSync(join(out, 'scaling.svg'))).toBe(false); // no scaling in the smoke run
  }, 120_000);

  it('parses CBC output: optimal, and stopped at the time limit with a bound', () => {
    expect(parseCbcOutput('Result - Optimal solution found\n\nObjective value:                20061.00000000\nEnumerated nodes:               0\n')).toMatchObject({
      status: 'optimal',
      objective: 20061,
      bound: 20061,
    });
    const stopped = parseCbcOutput(
      'Result - Stopped on time limit\n\nObjective value:                1632.12500000\nLower bound:                    1547.977\nGap:                            0.05\n' +
        'Total time (CPU seconds):       3.59   (Wallclock seconds):       9.62\n',
    );
    expect(stopped).toMatchObject({ status: 'time-limit', objective: 1632.125, bound: 1547.977, gap: 0.05, cbcWallSeconds: 9.62 });
    expect(parseCbcOutput('Result - Stopped on time limit\n\nNo feasible solution found\n')).toMatchObject({ status: 'time-limit', objective: null });
    // no integer variable left after presolve: Clp's ending, no Result line
    expect(parseCbcOutput('Empty problem - 0 rows, 0 columns and 0 elements\nOptimal - objective value 0\nOptimal objective 0 - 0 iterations time 0.002\n')).toMatchObject({
      status: 'optimal',
      objective: 0,
    });
    // killed inside the root LP relaxation: nothing; killed later: the progress lines
    expect(parseCbcOutput('Welcome to the CBC MILP Solver\n')).toMatchObject({ status: 'unknown', objective: null, bound: null, rootLpSolved: false });
    expect(
      parseCbcOutput('Continuous objective value is 1662.86 - 0.84 seconds\nCbc0012I Integer solution of 1697.5 found by feasibility pump after 0 iterations and 0 nodes (5.41 seconds)\n'),
    ).toMatchObject({ objective: 1697.5, bound: 1662.86, rootLpSolved: true });
  });

  it('draws the scaling chart with labelled axes, one polyline per series and a cross where a peer failed', () => {
    const svg: string = scalingSvg([
      { name: 'Kehou', color: '#111', points: [[500, 0.1], [2000, 0.3], [20000, 2]] },
      { name: 'jslp', color: '#f00', points: [[500, 1]], failures: [[8000, '未完成']] },
    ]);
    expect(svg).toMatch(/^<svg /);
    expect(svg).toMatch(/学生人数 · Students/);
    expect(svg).toMatch(/用时（秒，对数坐标）· Time \(s, log scale\)/);
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg).toMatch(/未完成/);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
