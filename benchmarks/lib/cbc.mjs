// CBC (COIN-OR branch and cut, Debian package coinor-cbc) as the exact MILP peer: find the binary, solve an LP
// file with a wall-clock cap, parse its result and solution file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { round, runChild } from './common.mjs';

export const CBC_INSTALL_HINT = '未找到 cbc：安装 CBC 后可对比精确求解器（Debian/Ubuntu：sudo apt-get install coinor-cbc；或设置环境变量 CBC=/path/to/cbc）';

/** { path, version } of the cbc binary (env CBC, else PATH), or undefined when there is none. */
export function findCbc() {
  const candidates = [process.env.CBC, 'cbc', '/usr/bin/cbc', '/usr/local/bin/cbc'].filter(Boolean);
  for (const c of candidates) {
    const r = spawnSync(c, ['-quit'], { encoding: 'utf8', timeout: 10_000 });
    if (r.error || r.status === null) continue;
    const v = /Version:\s*(\S+)/.exec(r.stdout ?? '');
    return { path: c, version: v ? v[1] : 'unknown' };
  }
  return undefined;
}

const STDBUF = (() => {
  const r = spawnSync('stdbuf', ['--version'], { encoding: 'utf8', timeout: 5000 });
  return !r.error && r.status === 0 ? 'stdbuf' : undefined;
})();

/**
 * Parses CBC's standard output: status, objective, lower bound, nodes and CBC's own timing.
 * status: 'optimal' | 'time-limit' | 'infeasible' | 'unbounded' | 'stopped' | 'unknown'
 */
export function parseCbcOutput(text) {
  // a model without integer variables left after presolve ends with Clp's "Optimal objective X" instead of a Result line
  const lpOnly = /^Optimal objective (-?[\d.eE+-]+)/m.exec(text);
  const result = /Result - (.+)/.exec(text)?.[1]?.trim() ?? (lpOnly ? 'Optimal solution found' : '');
  const num = (re) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : null;
  };
  const status = /Optimal solution found/i.test(result)
    ? 'optimal'
    : /time limit/i.test(result)
      ? 'time-limit'
      : /infeasible/i.test(result)
        ? 'infeasible'
        : /unbounded/i.test(result)
          ? 'unbounded'
          : result
            ? 'stopped'
            : 'unknown';
  const noSolution = /No feasible solution found/i.test(text);
  let objective = noSolution ? null : (num(/Objective value:\s+(-?[\d.eE+-]+)/) ?? (lpOnly ? Number(lpOnly[1]) : null));
  let bound = num(/Lower bound:\s+(-?[\d.eE+-]+)/);
  if (status === 'optimal' && bound === null) bound = objective;
  // progress lines, for a run that never printed its result (killed): root LP value, best bound, last solution
  const lastOf = (re) => {
    let m;
    let last = null;
    while ((m = re.exec(text))) last = Number(m[1]);
    return last;
  };
  const continuousObjective = num(/Continuous objective value is (-?[\d.eE+-]+)/);
  const progressBound = lastOf(/best possible (-?[\d.eE+-]+)/g);
  const lastSolution = lastOf(/Integer solution of (-?[\d.eE+-]+) found/g);
  if (!result) {
    if (objective === null && lastSolution !== null) objective = lastSolution;
    if (bound === null) bound = progressBound ?? continuousObjective;
  }
  if (bound === null && status === 'time-limit' && continuousObjective !== null && objective === null) bound = continuousObjective;
  return {
    status,
    resultLine: result,
    objective,
    bound,
    continuousObjective,
    rootLpSolved: continuousObjective !== null,
    gap: num(/^Gap:\s+(-?[\d.eE+-]+)/m),
    nodes: num(/Enumerated nodes:\s+(\d+)/),
    cbcCpuSeconds: num(/Total time \(CPU seconds\):\s+([\d.]+)/),
    cbcWallSeconds: num(/\(Wallclock seconds\):\s+([\d.]+)\s*$/m),
  };
}

/** Solution file of `cbc … solu FILE`: header status line and the nonzero variables by name. */
export function parseCbcSolution(text) {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  const values = new Map();
  for (const l of lines.slice(1)) {
    const m = /^\s*\d+\s+(\S+)\s+(-?[\d.eE+-]+)/.exec(l);
    if (m) values.set(m[1], Number(m[2]));
  }
  return { header, values };
}

/**
 * Solves an LP file with CBC, capped at capSeconds of wall-clock time (CBC's own `sec` in elapsed mode, and a hard
 * kill 15 s later). Returns the parsed result with the process wall time and polled peak RSS.
 */
export async function solveWithCbc(cbc, lpFile, { capSeconds = 60, solutionFile, memLimitMb = Infinity } = {}) {
  if (solutionFile && existsSync(solutionFile)) rmSync(solutionFile);
  const args = [lpFile, 'timeMode', 'elapsed', 'sec', String(capSeconds), 'solve'];
  if (solutionFile) args.push('solu', solutionFile);
  // CBC checks its limit only between phases (not inside the root LP relaxation): kill it 15 s after the cap;
  // line-buffered output (stdbuf) keeps its progress lines when it is killed
  const [cmd, cmdArgs] = STDBUF ? [STDBUF, ['-oL', cbc.path, ...args]] : [cbc.path, args];
  const r = await runChild(cmd, cmdArgs, { timeoutMs: (capSeconds + 15) * 1000, memLimitMb });
  const parsed = parseCbcOutput(r.stdout);
  const solution = solutionFile && existsSync(solutionFile) ? parseCbcSolution(readFileSync(solutionFile, 'utf8')) : undefined;
  return {
    ...parsed,
    status: r.timedOut ? 'killed' : r.memExceeded ? 'memory' : parsed.status,
    wallMs: round(r.wallMs, 1),
    peakRssMb: r.peakRssMb,
    exit: r.code,
    capSeconds,
    ...(solution ? { solution } : {}),
  };
}
