// The workspace page through app.inject: Chinese pages, assets served by Kehou itself (htmx included, no CDN), no
// inline script or style (CSP 'self'), labelled form fields, the create → solve → view → leave flow by plain form
// posts (the page works without JavaScript too), and Chinese error pages.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, until } from '../server/helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ threads: 1 });
});
afterAll(async () => {
  await app?.close();
});

const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

/** Every form control has a label; no inline script, style attribute or remote asset. */
function expectCleanHtml(html: string) {
  expect(html).toContain('<html lang="zh-CN">');
  for (const m of html.matchAll(/<script\b[^>]*>/g)) expect(m[0]).toMatch(/src="\/assets\//);
  expect(html).not.toMatch(/<script\b[^>]*>\s*[^<\s]/); // no inline code
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).not.toMatch(/\son[a-z]+=/);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  const ids = new Set([...html.matchAll(/<label[^>]*for="([^"]+)"/g)].map((m) => m[1]));
  for (const m of html.matchAll(/<(input|select)\b([^>]*)>/g)) {
    if (/type="(hidden|checkbox)"/.test(m[2])) continue;
    const id = /id="([^"]+)"/.exec(m[2])?.[1];
    expect(id && ids.has(id), `label for ${m[0]}`).toBe(true);
  }
}

describe('the workspace page', () => {
  it('serves its own assets: htmx, stylesheet, script', async () => {
    const htmx = await app.inject({ url: '/assets/htmx.min.js' });
    expect(htmx.statusCode).toBe(200);
    expect(htmx.headers['content-type']).toContain('javascript');
    expect(htmx.body).toContain('htmx');
    expect((await app.inject({ url: '/assets/kehou.css' })).headers['content-type']).toContain('text/css');
    expect((await app.inject({ url: '/assets/kehou.js' })).body).toContain('EventSource');
  });

  it('creates a scenario from an example by a plain form post, solves it, shows timetables, and runs a leave', async () => {
    const home = await app.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toContain('text/html');
    expectCleanHtml(home.body);
    expect(home.body).toContain('还没有方案');

    const created = await form('/scenarios', { example: 'tiny', author: '王主任' });
    expect(created.statusCode).toBe(303);
    expect(String(created.headers['set-cookie'])).toContain('kehou_author=%E7%8E%8B%E4%B8%BB%E4%BB%BB');
    const url = created.headers.location as string;
    const id = url.split('/')[2];
    const scenario = await app.inject({ url, headers: { cookie: 'kehou_author=%E7%8E%8B%E4%B8%BB%E4%BB%BB' } });
    expectCleanHtml(scenario.body);
    expect(scenario.body).toContain('<h1>青苗小学</h1>');
    expect(scenario.body).toContain('value="王主任"');
    expect(scenario.body).toContain('由示例创建');

    const solving = await form(`/scenarios/${id}/solve`, { timeLimit: '1' });
    expect(solving.statusCode).toBe(303);
    const jobUrl = solving.headers.location as string;
    const jobPage = await app.inject({ url: jobUrl });
    expectCleanHtml(jobPage.body);
    expect(jobPage.body).toMatch(/<progress|排班完成/);
    await until(async () => (await app.inject({ url: jobUrl })).body.includes('已保存为第 2 版'), 60_000, 50);

    const byClass = await app.inject({ url: `/scenarios/${id}/versions/2?view=class&key=1-1` });
    expectCleanHtml(byClass.body);
    expect(byClass.body).toContain('一（1）班');
    expect(byClass.body).toMatch(/<th scope="col">周一<br>/);
    expect(byClass.body).toContain('作业辅导');
    const byTeacher = await app.inject({ url: `/scenarios/${id}/versions/2?view=teacher&key=t4` });
    expect(byTeacher.body).toContain('<h2 id="grid-title">周敏</h2>');
    // every view of the office formats renders, with names and no ids
    for (const view of ['overview', 'room', 'day', 'clubs', 'duty', 'subs', 'workload', 'fees']) {
      const r = await app.inject({ url: `/scenarios/${id}/versions/2?view=${view}` });
      expect(r.statusCode, view).toBe(200);
      expectCleanHtml(r.body);
      expect(r.body, view).toContain('id="grid-title"');
    }
    expect((await app.inject({ url: `/scenarios/${id}/versions/2?view=clubs` })).body).toContain('合唱');
    const ics = await app.inject({ url: `/scenarios/${id}/versions/2/download/calendar-t4.ics` });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
    const print = await app.inject({ url: `/scenarios/${id}/versions/2/download/print.html` });
    expect(print.body).toContain('一（1）班');
    const search = await app.inject({ url: `/scenarios/${id}/versions/2/search?q=${encodeURIComponent('小明')}` });
    expect(search.body).toContain('学生：小明（一（1）班）');

    const leave = await form(`/scenarios/${id}/leave`, { staff: 't4', from: '2026-10-12', to: '2026-10-16', reason: '病假' });
    expect(leave.statusCode).toBe(303);
    const proposal = await app.inject({ url: leave.headers.location as string });
    expectCleanHtml(proposal.body);
    expect(proposal.body).toContain('请假：周敏 2026-10-12 至 2026-10-16');
    expect(proposal.body).not.toMatch(/（t\d）/); // names, not ids
    const accepted = await form(`${leave.headers.location}/accept`, { author: '李老师' });
    expect(accepted.statusCode).toBe(303);
    const after = await app.inject({ url: accepted.headers.location as string });
    expect(after.body).toContain('请假调整已保存为第 3 版');
    expect(after.body).toContain('李老师');

    const download = await app.inject({ url: `/scenarios/${id}/versions/3/download/instance.json` });
    expect(download.headers['content-disposition']).toContain("attachment; filename*=UTF-8''");
    expect(JSON.parse(download.body).leave.at(-1)).toMatchObject({ staff: 't4', reason: '病假' });
  });

  it('shows every validation problem of an upload in Chinese with its place, and saves nothing', async () => {
    const boundary = '----kehou';
    const bad = JSON.stringify({ format: 'kehou.instance/1', school: { name: '坏学校', stage: 'primary', lessonMinutes: 40 } });
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="school.json"\r\nContent-Type: application/json\r\n\r\n${bad}\r\n--${boundary}--\r\n`;
    const before = (await app.inject({ url: '/v1/scenarios' })).json().scenarios.length;
    const r = await app.inject({ method: 'POST', url: '/scenarios', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(r.statusCode).toBe(422);
    expectCleanHtml(r.body);
    expect(r.body).toContain('校验未通过，没有保存');
    expect(r.body).toContain('<th scope="col">怎么改</th>');
    expect((await app.inject({ url: '/v1/scenarios' })).json().scenarios.length).toBe(before);
  });

  it('answers unknown scenarios and unconfirmed deletes with Chinese pages', async () => {
    const missing = await app.inject({ url: '/scenarios/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('方案不存在');
    const created = await form('/scenarios', { example: 'tiny' });
    const id = (created.headers.location as string).split('/')[2];
    const kept = await form(`/scenarios/${id}/delete`, {});
    expect(kept.statusCode).toBe(400);
    expect(kept.body).toContain('请先勾选“确认删除”');
    expect((await form(`/scenarios/${id}/delete`, { confirm: 'yes' })).statusCode).toBe(303);
    expect((await app.inject({ url: `/scenarios/${id}` })).statusCode).toBe(404);
  });
});
