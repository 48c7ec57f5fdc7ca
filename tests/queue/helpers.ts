// Helpers for the queue tests: small generated schools with their own names, `kehou worker` processes whose
// output lines are collected, and waiting for a condition.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateSchool } from '../../src/generate/build.js';
import type { Instance } from '../../src/model/schema.js';

export const KEHOU = fileURLToPath(new URL('../../dist/bundle/kehou.js', import.meta.url));

/** A small generated school (≈200 students) named `name`: solves in about a second. */
export function smallSchool(seed: number, name: string): Instance {
  const school = generateSchool({ preset: 'small', seed, students: 200 });
  return { ...school, school: { ...school.school, name } };
}

export type WorkerProcess = {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** resolves with the first line (from `from` on) that matches */
  readonly waitFor: (re: RegExp, from?: number, timeoutMs?: number) => Promise<string>;
};

export function startWorker(redisUrl: string, ...args: string[]): WorkerProcess {
  const child = spawn(process.execPath, [KEHOU, 'worker', '--redis', redisUrl, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = async (re: RegExp, from = 0, timeoutMs = 60_000) => {
    await until(() => lines.slice(from).some((l) => re.test(l)), timeoutMs);
    return lines.slice(from).find((l) => re.test(l))!;
  };
  return { child, lines, exited, waitFor };
}

/** Ends a worker process we started (SIGKILL), waiting for it to exit. */
export async function killWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGKILL');
  await w.exited;
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
