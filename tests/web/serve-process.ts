// A real `kehou serve` child process (the built bundle) on a loopback port of the workspace's range, with a data
// directory: started, waited for, and killed by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KEHOU = fileURLToPath(new URL('../../dist/bundle/kehou.js', import.meta.url));

export type Served = { readonly child: ChildProcess; readonly base: string; readonly output: () => string; readonly exited: Promise<number | null> };

export async function startServe(port: number, dataDir: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [KEHOU, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir, ...extra], {
    env: { ...process.env, KEHOU_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const end = Date.now() + 30_000;
  while (!/服务已启动：(http:\/\/\S+?)（/.test(out)) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`kehou serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const base = /服务已启动：(http:\/\/\S+?)（/.exec(out)![1];
  return { child, base, output: () => out, exited };
}

export async function stopServe(s: Served | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill(signal);
  await s.exited;
}
