// /v1/scenarios through app.inject: create (example, JSON body, invalid and malformed bodies), list, rename, copy,
// delete, solve as a persisted job whose result is a new version (checked by the independent checker), the leave
// what-if proposal accepted as a version or discarded, and the problem+json refusals.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import { buildApp, postJson, until } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ threads: 2 });
});
afterAll(async () => {
  await app?.close();
});

const tinyText = readFileSync(new URL('../../examples/tiny.json', import.meta.url), 'utf8');
const json = (r: { body: string }) => JSON.parse(r.body);

async function createTiny(name?: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: `/v1/scenarios?example=tiny${name ? `&name=${encodeURIComponent(name)}` : ''}` });
  expect(r.statusCode).toBe(201);
  return json(r).id;
}

async function solveToVersion(id: string): Promise<number> {
  const r = await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/solve?timeLimit=1&author=${encodeURIComponent('王主任')}` });
  expect(r.statusCode).toBe(202);
  const job = json(r);
  expect(r.headers.location).toBe(`/v1/scenarios/${id}/jobs/${job.id}`);
  let view: any;
  await until(async () => {
    view = json(await app.inject({ url: `/v1/scenarios/${id}/jobs/${job.id}` }));
    return view.status !== 'queued' && view.status !== 'running';
  }, 60_000, 50);
  expect(view).toMatchObject({ status: 'done', author: '王主任', error: null, progress: { fraction: 1 } });
  return view.resultVersion;
}

describe('/v1/scenarios', () => {
  it('creates from a bundled example and from a JSON body; lists, renames, copies and deletes', async () => {
    const a = await createTiny('示例方案');
    const body = await postJson(app, `/v1/scenarios?name=${encodeURIComponent('上传的方案')}`, tinyText);
    expect(body.statusCode).toBe(201);
    const b = json(body);
    expect(b.scenario).toMatchObject({ name: '上传的方案', school: '青苗小学', source: 'json', latestVersion: 1, plannedVersion: null });
    expect(body.headers.location).toBe(`/v1/scenarios/${b.id}`);

    const list = json(await app.inject({ url: '/v1/scenarios' })).scenarios.map((s: any) => s.id);
    expect(list).toEqual(expect.arrayContaining([a, b.id]));

    const renamed = await app.inject({ method: 'PATCH', url: `/v1/scenarios/${a}`, payload: { name: '春季方案' } });
    expect(renamed.statusCode).toBe(200);
    expect(json(renamed).name).toBe('春季方案');

    const copied = await app.inject({ method: 'POST', url: `/v1/scenarios/${a}/copy`, payload: { name: '加一个足球班', author: '李老师' } });
    expect(copied.statusCode).toBe(201);
    const c = json(copied).id;
    const detail = json(await app.inject({ url: `/v1/scenarios/${c}` }));
    expect(detail.scenario.name).toBe('加一个足球班');
    expect(detail.versions[0]).toMatchObject({ number: 1, author: '李老师', kind: 'copy', summary: '复制自“春季方案”第 1 版' });

    expect((await app.inject({ method: 'DELETE', url: `/v1/scenarios/${a}` })).statusCode).toBe(204);
    const gone = await app.inject({ url: `/v1/scenarios/${a}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(json(gone)).toMatchObject({ code: 'scenario-not-found', status: 404 });
    expect((await app.inject({ url: `/v1/scenarios/${c}` })).statusCode).toBe(200);
  });

  it('refuses an invalid instance with every problem and its path, a malformed one with line and column, and saves nothing', async () => {
    const before = json(await app.inject({ url: '/v1/scenarios' })).scenarios.length;
    const broken = JSON.parse(tinyText);
    broken.students[2].class = '9-9';
    broken.rooms[0].capacity = 'many';
    const r = await postJson(app, '/v1/scenarios', JSON.stringify(broken));
    expect(r.statusCode).toBe(422);
    const p = json(r);
    expect(p.code).toBe('invalid-instance');
    expect(p.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['/students/2/class', '/rooms/0/capacity']));
    const bad = await postJson(app, '/v1/scenarios', '{"format": "kehou.instance/1",\n "school": }');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors[0]).toMatchObject({ code: 'malformed-json', line: 2 });
    expect((await app.inject({ method: 'POST', url: '/v1/scenarios?example=nope' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/v1/scenarios' })).statusCode).toBe(400);
    expect(json(await app.inject({ url: '/v1/scenarios' })).scenarios.length).toBe(before);
    const patch = await app.inject({ method: 'PATCH', url: `/v1/scenarios/${await createTiny()}`, payload: { name: '' } });
    expect(patch.statusCode).toBe(422);
  });

  it('creates from a workbook (multipart or the .xlsx body); a broken cell is named by sheet and cell', async () => {
    const { writeTemplate } = await import('../../src/office/index.js');
    const ExcelJS = (await import('exceljs')).default;
    const good = Buffer.from(await writeTemplate(JSON.parse(tinyText)));
    const body = await app.inject({ method: 'POST', url: '/v1/scenarios', payload: good, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(body.statusCode).toBe(201);
    expect(json(body).scenario).toMatchObject({ source: 'workbook', school: '青苗小学' });
    const v1 = json(await app.inject({ url: `/v1/scenarios/${json(body).id}/versions/1` }));
    expect(v1.instance.students).toEqual(JSON.parse(tinyText).students);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(good as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('学生')!;
    let classCol = 0;
    let headerRow = 0;
    sheet.eachRow((row, r) => {
      row.eachCell((cell, c) => {
        if (!headerRow && cell.text === '班级') [headerRow, classCol] = [r, c];
      });
    });
    sheet.getRow(headerRow + 3).getCell(classCol).value = '9-9';
    const broken = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = '----kehou';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="school.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      broken,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await app.inject({ method: 'POST', url: '/v1/scenarios', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(r.statusCode).toBe(422);
    const p = json(r);
    expect(p.code).toBe('invalid-workbook');
    const colLetter = String.fromCharCode(64 + classCol);
    expect(p.errors).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: '学生', cell: `${colLetter}${headerRow + 3}`, path: '/students/2/class' })]));
  });

  it('solves as a job; the plan is saved as a new version that passes the independent checker', async () => {
    const id = await createTiny();
    const n = await solveToVersion(id);
    expect(n).toBe(2);
    const v = json(await app.inject({ url: `/v1/scenarios/${id}/versions/${n}` }));
    expect(v.version).toMatchObject({ number: 2, kind: 'solve', author: '王主任', hasSchedule: true });
    expect(check(v.instance, v.schedule).violations).toEqual([]);
    const versions = json(await app.inject({ url: `/v1/scenarios/${id}/versions` })).versions;
    expect(versions.map((x: any) => x.number)).toEqual([2, 1]);
    // a finished job's events: its progress and the end, at once
    const events = await app.inject({ url: `/v1/scenarios/${id}/jobs/${json(await app.inject({ url: `/v1/scenarios/${id}` })).jobs[0].id}/events` });
    expect(events.headers['content-type']).toContain('text/event-stream');
    expect(events.body).toMatch(/event: end\ndata: \{.*"status":"done"/);
  });

  it('cancels a running solve: the job says cancelled and no version is added', async () => {
    const created = await app.inject({ method: 'POST', url: '/v1/scenarios?example=longhutang' });
    const id = json(created).id;
    const job = json(await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/solve?timeLimit=30` }));
    const cancelled = await app.inject({ method: 'DELETE', url: `/v1/scenarios/${id}/jobs/${job.id}` });
    expect(json(cancelled)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(json(await app.inject({ url: `/v1/scenarios/${id}/jobs/${job.id}` })).status).toBe('cancelled');
    expect(json(await app.inject({ url: `/v1/scenarios/${id}` })).scenario.latestVersion).toBe(1);
  });

  it('a leave what-if proposes changes; accepting saves the leave and the new plan as a version; discarding changes nothing', async () => {
    const id = await createTiny();
    const early = await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif`, payload: { leave: [{ staff: 't2', from: '2026-10-12', to: '2026-10-16' }] } });
    expect(early.statusCode).toBe(409);
    expect(json(early).code).toBe('not-planned');
    await solveToVersion(id);

    const unknown = await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif`, payload: { leave: [{ staff: 'nobody', from: '2026-10-12', to: '2026-10-16' }] } });
    expect(unknown.statusCode).toBe(422);
    expect(json(unknown).errors[0]).toMatchObject({ path: '/leave/0/staff', code: 'unknown-staff' });

    const leave = [{ staff: 't4', from: '2026-10-12', to: '2026-10-16' }];
    const proposed = await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif`, payload: { leave, author: '王主任' } });
    expect(proposed.statusCode).toBe(200);
    const p = json(proposed);
    expect(p.summary).toContain('周敏');
    expect(p.changes.length).toBeGreaterThan(0);
    for (const c of p.changes) expect(c.from).toBe('周敏');
    expect(json(await app.inject({ url: `/v1/scenarios/${id}` })).scenario.latestVersion).toBe(2);

    const second = json(await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif`, payload: { leave: [{ staff: 't3', from: '2026-11-02', to: '2026-11-02' }] } }));
    const discarded = await app.inject({ method: 'DELETE', url: `/v1/scenarios/${id}/whatif/${second.id}` });
    expect(json(discarded).status).toBe('cancelled');
    expect((await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif/${second.id}/accept` })).statusCode).toBe(404);

    const accepted = await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif/${p.id}/accept`, payload: { author: '王主任' } });
    expect(accepted.statusCode).toBe(201);
    expect(json(accepted)).toMatchObject({ number: 3, kind: 'leave', author: '王主任', summary: p.summary });
    const v3 = json(await app.inject({ url: `/v1/scenarios/${id}/versions/3` }));
    expect(v3.instance.leave).toEqual(expect.arrayContaining(leave));
    expect(check(v3.instance, v3.schedule).violations).toEqual([]);
    const again = await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif/${p.id}/accept` });
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('proposal-accepted');
  });

  it('refuses to accept a proposal made on an older version', async () => {
    const id = await createTiny();
    await solveToVersion(id);
    const p = json(await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif`, payload: { leave: [{ staff: 't4', from: '2026-10-12', to: '2026-10-12' }] } }));
    await solveToVersion(id);
    const r = await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/whatif/${p.id}/accept` });
    expect(r.statusCode).toBe(409);
    expect(json(r).code).toBe('proposal-outdated');
  });

  it('documents every scenario route in the OpenAPI document with a working example', async () => {
    const doc = json(await app.inject({ url: '/docs/json' }));
    for (const path of ['/v1/scenarios', '/v1/scenarios/{id}', '/v1/scenarios/{id}/solve', '/v1/scenarios/{id}/versions', '/v1/scenarios/{id}/versions/{v}', '/v1/scenarios/{id}/whatif', '/v1/scenarios/{id}/whatif/{job}/accept', '/v1/scenarios/{id}/jobs/{job}']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const example = doc.paths['/v1/scenarios'].post.requestBody.content['application/json'].example;
    expect(example.school.name).toBe('青苗小学');
    const r = await postJson(app, '/v1/scenarios', JSON.stringify(example));
    expect(r.statusCode).toBe(201);
  });
});
