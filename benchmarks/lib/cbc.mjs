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

/**
 * Parses CBC's standard output: status, objective, lower bound, nodes and CBC's own timing.
 * status: 'optimal' | 'time-limit' | 'infeasible' | 'unbounded' | 'stopped' | 'unknown'
 */
export function parseCbcOutput(text) {
  const result = /Result - (.+)/.exec(text)?.[1]?.trim() ?? '';
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
  const objective = noSolution ? null : num(/Objective value:\s+(-?[\d.eE+-]+)/);
  let bound = num(/Lower bound:\s+(-?[\d.eE+-]+)/);
  if (status === 'optimal' && bound === null) bound = objective;
  return {
    status,
    resultLine: result,
    objective,
    bound,
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
 * kill 30 s later). Returns the parsed result with the process wall time and polled peak RSS.
 */
export async function solveWithCbc(cbc, lpFile, { capSeconds = 60, solutionFile } = {}) {
  if (solutionFile && existsSync(solutionFile)) rmSync(solutionFile);
  const args = [lpFile, 'timeMode', 'elapsed', 'sec', String(capSeconds), 'solve'];
  if (solutionFile) args.push('solu', solutionFile);
  const r = await runChild(cbc.path, args, { timeoutMs: (capSeconds + 30) * 1000 });
  const parsed = parseCbcOutput(r.stdout);
  const solution = solutionFile && existsSync(solutionFile) ? parseCbcSolution(readFileSync(solutionFile, 'utf8')) : undefined;
  return {
    ...parsed,
    status: r.timedOut ? 'killed' : parsed.status,
    wallMs: round(r.wallMs, 1),
    peakRssMb: r.peakRssMb,
    exit: r.code,
    capSeconds,
    ...(solution ? { solution } : {}),
  };
}
