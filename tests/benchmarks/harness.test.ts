// The benchmark harness (benchmarks/run.mjs) run end to end on the small preset (`--smoke`), so the benchmark code
// cannot rot: one school generated, validated, checked (0 violations), timed, its stage models exported (the whole club
// stage, the cover MIP) and solved by the peers (CBC when installed, javascript-lp-solver), results.json / RESULTS.md
// written; and the pieces of the report (CBC output, the club-stage comparison, old results rendered). CI does not
// run the full bench.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error plain ESM module of the harness, no types
import { parseCbcOutput } from '../../benchmarks/lib/cbc.mjs';
// @ts-expect-error plain ESM module of the harness, no types
import { clubStageMs, resultsMarkdown, scalingSvg } from '../../benchmarks/lib/report.mjs';
// @ts-expect-error plain ESM module of the harness, no types
import { compareClubStage, computeTargets } from '../../benchmarks/lib/summary.mjs';
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
    expect(s.exported.clubs.integers).toBeGreaterThan(0); // the whole club stage: days, rooms, leaders are 0-1
    expect(s.week.stagesMedianMs.clubs).toBeGreaterThan(0);
    expect(s.exported.cover.variables).toBeGreaterThan(0);
    if (R.cbc) {
      // small: Kehou proves the whole stage's optimum; CBC proves the same one
      expect(s.clubCostOptimal).toBe(true);
      expect(s.cbcClubs).toMatchObject({ status: 'optimal', optimum: s.clubCost, consistent: true, kehouAboveOptimum: 0 });
      if (s.cbcCover.objective !== null) {
        expect(s.cbcCover.kehouEval.violationCount).toBe(0);
        expect(s.cbcCover.kehouEval.cost).toBeCloseTo(s.cbcCover.objective, 5);
      }
    } else {
      console.warn('未找到 cbc：基准测试跳过了 CBC 一栏（apt-get install coinor-cbc）');
      expect(s.cbcClubs.skipped).toMatch(/coinor-cbc/);
    }
    expect(s.jslpClubs).toMatchObject({ equal: true, valid: true, fractional: 0 });
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(md).toMatch(/## 目标 · Targets/);
    expect(md).toMatch(/### 社团阶段（整体混合整数模型）/);
    if (R.cbc) expect(R.targets.find((t: { id: string }) => t.id === 'clubs-consistent').met).toBe(true);
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

  it('checks Kehou\'s club plan and bound against CBC on the whole stage', () => {
    // CBC proves 7,458; Kehou plans 7,698 with bound 7,258 (longhutang): consistent, 3.2 % above
    const ok = compareClubStage({ cost: 7698, bound: 7258, proven: false }, { status: 'optimal', objective: 7458, bound: 7458 });
    expect(ok).toMatchObject({ consistent: true, optimum: 7458, problems: [] });
    expect(ok.kehouAboveOptimum).toBeCloseTo(240 / 7458, 9);
    expect(ok.boundBelowOptimum).toBeCloseTo(200 / 7458, 9);
    // a claimed proof CBC beats, a bound above CBC's optimum, CBC's bound above Kehou's plan: each a problem
    expect(compareClubStage({ cost: 7698, bound: 7698, proven: true }, { status: 'optimal', objective: 7458, bound: 7458 }).problems).toHaveLength(2);
    expect(compareClubStage({ cost: 100, bound: 90, proven: false }, { status: 'time-limit', objective: 120, bound: 101 }).problems).toEqual([
      "CBC lower bound 101 above Kehou's plan 100",
    ]);
    expect(compareClubStage({ cost: 100, bound: 90, proven: false }, { status: 'time-limit', objective: null, bound: null })).toMatchObject({ consistent: true, optimum: null });
  });

  it('renders results measured before the whole club stage: old stage timings summed, no transport-model peers', () => {
    expect(clubStageMs({ clubs: 7 })).toBe(7);
    expect(clubStageMs({ clubDays: 3.4, clubAssignment: 48.4, clubFlow: 22.4, clubRooms: 0.4 })).toBe(52.2);
    const school = {
      label: 'longhutang',
      size: { students: 2623, staff: 182, schoolClubs: 71 },
      week: { medianMs: 337, runs: 5, stagesMedianMs: { compile: 2.6, groups: 2.1, groupRooms: 1.1, clubDays: 3.4, clubAssignment: 48.4, clubRooms: 0.4, cover: 276.4 } },
      full: { medianMs: 335, runs: 3 },
      check: { weekViolations: 0, fullViolations: 0 },
      status: 'feasible',
      clubCost: 8307,
      clubCostBound: 8307,
      clubCostOptimal: true,
      cover: { cost: 8788.97, bound: 8650.58, gap: 0.0157 },
      cbcClubs: { status: 'optimal', objective: 8307, equal: true, wallMedianMs: 280 },
    };
    const R = { machine: { nproc: 2, cpuModel: 'x', memoryGB: 1, platform: 'p', node: 'v20', date: '2026-11-22T00:00:00Z' }, loadBefore: [1], loadAfter: [1], schools: [school], failures: [], reading: [] };
    const targets = computeTargets(R);
    expect(targets.find((t: { id: string }) => t.id === 'clubs-vs-cbc').met).toBe(null);
    const md: string = resultsMarkdown({ ...R, targets });
    expect(md).toMatch(/早于社团阶段整体优化/);
    expect(md).toMatch(/\| longhutang \| 2\.6 \| 2\.1 \| 1\.1 \| 52\.2 \| 276\.4 \|/);
    expect(md).not.toMatch(/运输模型）· Club assignment/);
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
