// POST /v1/validate and /v1/solve with an Excel workbook body (src/server/workbook.ts): read into an instance,
// then handled exactly like JSON; a workbook with problems gets 422 with each problem's sheet, cell and path.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { generateSchool } from '../../src/index.js';
import { writeTemplate } from '../../src/office/index.js';
import { XLSX_CONTENT_TYPE } from '../../src/server/workbook.js';
import { buildApp, expectNoLeak } from './helpers.js';

let app: FastifyInstance;
let good: Buffer;

beforeAll(async () => {
  app = await buildApp();
  good = Buffer.from(await writeTemplate(generateSchool({ preset: 'random', seed: 1 })));
});
afterAll(async () => app.close());

const postXlsx = (url: string, payload: Buffer) => app.inject({ method: 'POST', url, payload, headers: { 'content-type': XLSX_CONTENT_TYPE } });

describe('xlsx bodies', () => {
  it('/v1/validate accepts a workbook', async () => {
    const r = await postXlsx('/v1/validate', good);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ valid: true });
  });

  it('/v1/solve plans a workbook', async () => {
    const r = await postXlsx('/v1/solve?timeLimit=5', good);
    expect(r.statusCode).toBe(200);
    expect(r.json().format).toBe('kehou.schedule/1');
  });

  it('422 with sheet, cell and path for a workbook with mistakes', async () => {
    const r = await postXlsx('/v1/validate', Buffer.from(await writeTemplate()));
    expect(r.statusCode).toBe(422);
    const body = r.json();
    expect(body.code).toBe('invalid-instance');
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/school/name', code: 'missing-field', message: expect.stringMatching(/^学校与政策!B2：/) })]));
    expectNoLeak(r.body);
  });

  it('422 workbook-unreadable for bytes that are not a workbook', async () => {
    const r = await postXlsx('/v1/validate', Buffer.from('not a zip'));
    expect(r.statusCode).toBe(422);
    expect(r.json().errors[0].code).toBe('workbook-unreadable');
    expectNoLeak(r.body);
  });

  it('a whole school\'s workbook is read off the event loop (/healthz never waits for it)', async () => {
    const longhutang = JSON.parse(readFileSync(new URL('../../examples/longhutang.json', import.meta.url), 'utf8'));
    const big = Buffer.from(await writeTemplate(longhutang));
    // reading it on this thread stalls the loop for the whole read (≈1 s for its 2,600 student rows)
    const { readWorkbook } = await import('../../src/office/index.js');
    const t0 = performance.now();
    expect((await readWorkbook(big)).ok).toBe(true);
    const readMs = performance.now() - t0;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const r = await postXlsx('/v1/validate', big);
    delay.disable();
    expect(r.statusCode).toBe(200);
    // the longest stall of this thread while the server read the same workbook: a small fraction of the read time
    // (measured: 44 ms in a thread vs 786 ms when read on the event loop, for a 1.2–2.2 s read)
    expect(delay.max / 1e6).toBeLessThan(readMs / 4);
  });
});
