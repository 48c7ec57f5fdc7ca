// Shared test helpers for the HTTP server: apps built like server.ts builds them (logger off), example
// bodies, and polling.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { createServer, type ServerOptions } from '../../src/server/server.js';
import { formatTourInstance } from '../fixtures/format-tour.js';

export const ROOT = new URL('../../', import.meta.url);

/** The stand-in solver thread (see the fixture's header) for tests of the pool machinery. */
export const SLOW_WORKER = new URL('./fixtures/slow-worker.mjs', import.meta.url);

/** An app as server.ts builds it, but quiet, and with threads started on demand (most tests never solve). */
export async function buildApp(options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = await createServer({ logger: false, shutdownGrace: 0, minThreads: 0, ...options });
  await app.ready();
  return app;
}

export const tinyText = (): string => JSON.stringify(formatTourInstance());
export const exampleText = (name: 'small' | 'longhutang'): string => readFileSync(new URL(`examples/${name}.json`, ROOT), 'utf8');

export const postJson = (app: FastifyInstance, url: string, payload: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });

/** Polls `check` every `everyMs` until it is true or `timeoutMs` passes. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, everyMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** No stack trace, source path or exception text in a response body. */
export function expectNoLeak(body: string): void {
  for (const bad of ['/secret/', 'at /', '.ts:', '.js:', 'node_modules', 'Error:', 'stack']) {
    if (body.includes(bad)) throw new Error(`response leaks "${bad}": ${body.slice(0, 300)}`);
  }
}
