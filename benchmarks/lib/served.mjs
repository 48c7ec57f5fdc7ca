// Shared pieces of the HTTP load benchmarks (server-load.mjs, hardening-load.mjs): command-line flags, a
// `kehou serve` of the built CLI on 127.0.0.1 with its address and RSS, autocannon as a promise, latency
// summaries and the machine description.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const ROOT = new URL('../../', import.meta.url);

/** `--name value` from the command line, else the fallback */
export const flag = (name, fallback) => {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};

/** Starts `kehou serve` (dist/bundle) on 127.0.0.1 with the extra arguments; resolves once it prints its address. */
export async function startServer(extraArgs) {
  const server = spawn(process.execPath, [fileURLToPath(new URL('dist/bundle/kehou.js', ROOT)), 'serve', '--host', '127.0.0.1', '--grace', '5', ...extraArgs], {
    env: { ...process.env, KEHOU_LOG_LEVEL: 'warn', KEHOU_API_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  server.stdout.resume();
  /** the server's resident memory now, MB (null once it is gone) */
  const rssMb = () => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
      return kb ? Math.round(Number(kb) / 1024) : null;
    } catch {
      return null;
    }
  };
  /** SIGTERM, then the exit code */
  const stop = () => {
    server.kill('SIGTERM');
    return new Promise((resolve) => server.on('exit', resolve));
  };
  return { server, url, rssMb, stop };
}

/** autocannon as a promise */
export const cannon = (opts) => new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));

/** latency summary of an autocannon result */
export const lat = (r) => ({ p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors + (r.timeouts ?? 0) });

export const loadAvg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

export const machine = () => ({ cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(), memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` });
