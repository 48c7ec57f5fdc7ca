// Shared pieces of the benchmark harness (benchmarks/run.mjs): paths, statistics, the machine description,
// building dist/ when needed, and running a child process with a time limit, a memory limit and peak-RSS polling.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(BENCH_DIR, '..');
/** the built planner the runners import: dist/, or the snapshot of it the harness took (KEHOU_BENCH_DIST) */
export const DIST = process.env.KEHOU_BENCH_DIST ?? join(ROOT, 'dist');

/** file:// URL of a module in dist/ (runners import the built planner, like a user of the package) */
export const distUrl = (p) => pathToFileURL(join(DIST, p)).href;

/** prefix of the one stdout line that carries a runner's JSON result */
export const RESULT_MARK = '@@KEHOU-BENCH-RESULT ';

/** A runner's last act: print its result (one line, JSON) and exit. */
export function emitResult(result) {
  process.stdout.write(RESULT_MARK + JSON.stringify(result) + '\n');
}

export const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

export const round = (x, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? x : Math.round(x * 10 ** digits) / 10 ** digits);

/** process peak resident set size in MB (exact, from getrusage) */
export const selfPeakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);

function newestMtime(dir, ext) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (e.name.endsWith(ext)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ (`npm run build`) when it is missing, or older than src/ (rebuildStale), or always (force). */
export function ensureBuilt(log = (s) => process.stderr.write(s + '\n'), force = false, rebuildStale = true) {
  const dist = join(ROOT, 'dist');
  const entry = join(dist, 'solver', 'index.js');
  const missing = !existsSync(entry) || !existsSync(join(dist, 'checker', 'index.js')) || !existsSync(join(dist, 'solver', 'export-lp.js'));
  const stale = !missing && rebuildStale && newestMtime(join(ROOT, 'src'), '.ts') > newestMtime(dist, '.js');
  if (!missing && !stale && !force) return 'up-to-date';
  log(missing ? '未找到 dist/，先执行 npm run build …' : 'src/ 比 dist/ 新，重新执行 npm run build …');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (!existsSync(entry)) throw new Error('npm run build did not produce dist/solver/index.js');
  return r.status === 0 ? 'built' : 'built-with-type-errors';
}

/** Whether the modules the runners use load from a dist directory (a child process, errors on stderr). */
export function snapshotLoads(dir) {
  const mods = ['generate/build.js', 'model/validate.js', 'solver/index.js', 'solver/export-lp.js', 'solver/cover/model.js', 'checker/index.js'];
  const code = `await Promise.all(${JSON.stringify(mods.map((m) => pathToFileURL(join(dir, m)).href))}.map((u) => import(u)))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status === 0;
}

/**
 * Copies dist/ to a private snapshot (under node_modules/.cache, so packages still resolve) that every runner of
 * this run imports: a rebuild of dist/ during a long run cannot mix two versions of the planner. Returns its path
 * and a function that removes it.
 */
export function snapshotDist() {
  const dir = join(ROOT, 'node_modules', '.cache', `kehou-bench-dist-${process.pid}`);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    /* not Linux */
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function nproc() {
  const r = spawnSync('nproc', [], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : os.availableParallelism();
}

export const loadAverage = () => os.loadavg().map((x) => round(x, 2));

/** The machine and software the numbers were measured on. */
export function machineInfo() {
  return {
    nproc: nproc(),
    availableParallelism: os.availableParallelism(),
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    cpuModel: cpuModel(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** VmHWM (peak RSS) of a live process in MB, from /proc; null when unavailable. */
function procPeakMb(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(s);
    const rss = /VmRSS:\s+(\d+) kB/.exec(s);
    const kb = Math.max(hwm ? Number(hwm[1]) : 0, rss ? Number(rss[1]) : 0);
    return kb > 0 ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs a command as a child; resolves (never rejects) with its exit, output, wall time and polled peak RSS.
 * timeoutMs: SIGKILL after this long (timedOut); memLimitMb: SIGKILL when the polled RSS passes it (memExceeded).
 * The peak RSS is polled from /proc every 20 ms (a close lower bound); node runners report their exact figure.
 */
export function runChild(cmd, args, { timeoutMs = 600_000, memLimitMb = Infinity, cwd = ROOT, env = process.env, onStderr } = {}) {
  return new Promise((resolvePromise) => {
    const t0 = performance.now();
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolvePromise({ code: null, signal: null, stdout: '', stderr: String(e), wallMs: 0, peakRssMb: null, timedOut: false, memExceeded: false, spawnError: String(e) });
      return;
    }
    const out = [];
    const err = [];
    let peak = 0;
    let timedOut = false;
    let memExceeded = false;
    let spawnError;
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => {
      err.push(b);
      onStderr?.(b.toString());
    });
    child.on('error', (e) => (spawnError = String(e)));
    const poll = setInterval(() => {
      const mb = procPeakMb(child.pid);
      if (mb !== null) peak = Math.max(peak, mb);
      if (peak > memLimitMb && !memExceeded) {
        memExceeded = true;
        child.kill('SIGKILL');
      }
    }, 20);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallMs: performance.now() - t0,
        peakRssMb: peak > 0 ? round(peak, 1) : null,
        timedOut,
        memExceeded,
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}

/** The JSON result line of a runner's stdout, or undefined. */
export function parseResult(stdout) {
  const lines = stdout.split('\n').filter((l) => l.startsWith(RESULT_MARK));
  if (lines.length === 0) return undefined;
  return JSON.parse(lines[lines.length - 1].slice(RESULT_MARK.length));
}

/** Runs a node runner in benchmarks/runners with a JSON argument; returns its result or an error record. */
export async function runRunner(name, arg, { timeoutMs = 900_000, memLimitMb = Infinity, nodeArgs = [], log } = {}) {
  const script = join(BENCH_DIR, 'runners', name);
  const r = await runChild(process.execPath, [...nodeArgs, script, JSON.stringify(arg)], {
    timeoutMs,
    memLimitMb,
    onStderr: log ? (s) => log(s.replace(/\n$/, '')) : undefined,
  });
  let result;
  try {
    result = parseResult(r.stdout);
  } catch (e) {
    result = undefined;
  }
  const failure = r.timedOut
    ? `timeout after ${round(timeoutMs / 1000, 0)} s`
    : r.memExceeded
      ? `memory above ${memLimitMb} MB`
      : result === undefined
        ? `exit ${r.code ?? r.signal}: ${errorSummary(r.stderr)}`
        : undefined;
  return { result, failure, wallMs: r.wallMs, polledPeakRssMb: r.peakRssMb, timedOut: r.timedOut, memExceeded: r.memExceeded };
}

export const lastLines = (text, n) =>
  text
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .join(' | ')
    .slice(0, 600);

/** The thrown error of a crashed node process: its `XxxError: message` line and the first frame, else the last lines. */
export function errorSummary(stderr) {
  const lines = stderr.split('\n');
  const i = lines.findIndex((l) => /^\s*[A-Za-z]*Error\b.*:/.test(l));
  if (i < 0) return lastLines(stderr, 2);
  const frame = lines.slice(i + 1).find((l) => /^\s+at /.test(l));
  const where = frame ? ` (${frame.trim().replace(/^at /, '').replace(/file:\/\/\S*\/(dist|kehou-bench-dist-\d+)\//, 'dist/')})` : '';
  return (lines[i].trim() + where).slice(0, 400);
}
