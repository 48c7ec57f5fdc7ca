// Fuzzed bodies never produce a 5xx: arbitrary JSON values and text, and mutated valid instances (some
// still valid, then really planned), on every POST route. Fixed seeds: failures replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { formatTourInstance } from '../fixtures/format-tour.js';
import { buildApp, postJson } from './helpers.js';

const ROUTES = ['/v1/validate', '/v1/solve?timeLimit=0.3', '/v1/jobs?timeLimit=0.3', '/v1/whatif?timeLimit=0.3'] as const;

type Mutation = { readonly at: number; readonly kind: 'delete' | 'replace' | 'duplicate' | 'swap-id'; readonly value: unknown };

/** Every [parent, key] in a JSON tree, depth first. */
function slots(root: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((v, i) => (out.push([node, i]), walk(v)));
    else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k]);
        walk(v);
      }
    }
  };
  walk(root);
  return out;
}

/** Applies mutations to a copy: delete a field or item, replace a value, duplicate an item, or put another id there. */
function mutate(value: unknown, mutations: readonly Mutation[]): unknown {
  const doc = structuredClone(value);
  const ids = slots(doc)
    .filter(([p, k]) => k === 'id' && !Array.isArray(p))
    .map(([p, k]) => (p as Record<string, unknown>)[k as string]);
  for (const m of mutations) {
    const all = slots(doc);
    if (all.length === 0) break;
    const [parent, key] = all[m.at % all.length];
    if (Array.isArray(parent)) {
      const i = key as number;
      if (m.kind === 'delete') parent.splice(i, 1);
      else if (m.kind === 'duplicate') parent.splice(i, 0, structuredClone(parent[i]));
      else if (m.kind === 'swap-id') parent[i] = ids[m.at % Math.max(1, ids.length)] ?? 'x';
      else parent[i] = m.value;
    } else {
      const k = key as string;
      if (m.kind === 'delete') delete parent[k];
      else if (m.kind === 'duplicate') parent[`${k}2`] = structuredClone(parent[k]);
      else if (m.kind === 'swap-id') parent[k] = ids[m.at % Math.max(1, ids.length)] ?? 'x';
      else parent[k] = m.value;
    }
  }
  return doc;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'duplicate', 'swap-id'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(0, -1, 1e9, '', 'mon', '25:00', '2026-02-30', null, [], {})),
});

const SEEN = new Map<number, number>();
const record = (status: number) => SEEN.set(status, (SEEN.get(status) ?? 0) + 1);

describe('fuzzed bodies', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ threads: 2, maxQueue: 64, defaultTimeLimit: 0.3 });
  });
  afterAll(async () => {
    await app.close();
  });

  const noFault = async (route: string, body: string) => {
    const res = await postJson(app, route, body);
    record(res.statusCode);
    if (res.statusCode >= 500) throw new Error(`${route} → ${res.statusCode}: ${res.body.slice(0, 500)}\nbody: ${body.slice(0, 500)}`);
    if (res.statusCode >= 400) {
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      const problem = res.json();
      expect(problem.status).toBe(res.statusCode);
      expect(typeof problem.code).toBe('string');
    }
    return res;
  };

  it('arbitrary JSON values are answered 4xx, never 5xx, on every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...ROUTES), async (value, route) => {
        const res = await noFault(route, JSON.stringify(value) ?? 'null');
        expect([400, 422]).toContain(res.statusCode);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('arbitrary text is 400 with a line and column, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom(...ROUTES), async (text, route) => {
        const res = await noFault(route, text);
        if (res.statusCode === 400 && res.json().code === 'malformed-json') {
          const first = res.json().errors[0];
          if (first.line !== undefined) expect(first.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('mutated valid instances validate to 200 or 422, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const res = await noFault('/v1/validate', JSON.stringify(mutate(formatTourInstance(), mutations)));
        expect([200, 422]).toContain(res.statusCode);
      }),
      { seed: 1234, numRuns: 150 },
    );
  });

  it('mutated instances that stay valid are planned (200), never 5xx', async () => {
    let planned = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 2 }), async (mutations) => {
        const res = await noFault('/v1/solve?timeLimit=0.3', JSON.stringify(mutate(formatTourInstance(), mutations)));
        expect([200, 422]).toContain(res.statusCode);
        if (res.statusCode === 200) {
          planned++;
          expect(res.json().format).toBe('kehou.schedule/1');
        }
      }),
      { seed: 99, numRuns: 30 },
    );
    expect(planned).toBeGreaterThan(0);
  });

  it('mutated what-if bodies around a real schedule never give 5xx', async () => {
    const instance = formatTourInstance();
    const solved = await postJson(app, '/v1/solve?timeLimit=0.3', JSON.stringify(instance));
    expect(solved.statusCode).toBe(200);
    const body = { instance, schedule: solved.json(), leave: [{ staff: 't1', from: '2026-11-02', to: '2026-11-20' }] };
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 0, maxLength: 2 }), fc.constantFrom('leave', 'schedule', 'instance', 'all'), async (mutations, part) => {
        const doc = part === 'all' ? mutate(body, mutations) : { ...body, [part]: mutate(body[part as keyof typeof body], mutations) };
        const res = await noFault('/v1/whatif', JSON.stringify(doc));
        if (res.statusCode === 200) answered++;
      }),
      { seed: 5, numRuns: 30 },
    );
    expect(answered).toBeGreaterThan(0);
  });

  it('saw no 5xx at all', () => {
    expect([...SEEN.keys()].filter((s) => s >= 500)).toEqual([]);
  });
});
