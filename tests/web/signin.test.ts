// The office's sign-in (口令) when KEHOU_API_TOKEN is set: every page and page action needs the session cookie the
// sign-in form sets (HttpOnly, SameSite=Strict, Secure over https); the static assets stay open; /v1 and /docs take
// the bearer token or the same cookie, and the Origin/Host guard still refuses other sites; sign-out ends it.
// Without a token the page is open as before.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/helpers.js';

const TOKEN = 'office-口令-2026';
let app: FastifyInstance;
let open: FastifyInstance;
beforeAll(async () => {
  [app, open] = await Promise.all([buildApp({ threads: 1, apiToken: TOKEN }), buildApp({ threads: 1 })]);
});
afterAll(async () => {
  await Promise.all([app?.close(), open?.close()]);
});

const form = (target: FastifyInstance, url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  target.inject({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

/** Signs in through the form; the cookie pair (name=value) to send back. */
async function signIn(headers: Record<string, string> = {}): Promise<{ cookie: string; setCookie: string }> {
  const res = await form(app, '/signin', { token: TOKEN, next: '/' }, headers);
  expect(res.statusCode).toBe(303);
  const setCookie = String(res.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0], setCookie };
}

describe('with a token: the page needs a session', () => {
  it('sends a page request without the cookie to the sign-in page; assets and /healthz stay open', async () => {
    const home = await app.inject({ url: '/' });
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/signin');
    const deep = await app.inject({ url: '/scenarios/abc?notice=x' });
    expect(deep.statusCode).toBe(303);
    expect(deep.headers.location).toBe(`/signin?next=${encodeURIComponent('/scenarios/abc?notice=x')}`);
    for (const url of ['/template.xlsx', '/scenarios/abc/versions/1/download/workbook']) {
      expect((await app.inject({ url })).statusCode, url).toBe(303);
    }
    // an action (creating a scenario) without a session does nothing
    const created = await form(app, '/scenarios', { example: 'tiny' });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/signin');
    // htmx (the search box) is told to load the sign-in page
    const partial = await app.inject({ url: '/scenarios/abc/versions/1/search?q=王', headers: { 'hx-request': 'true' } });
    expect(partial.statusCode).toBe(401);
    expect(partial.headers['hx-redirect']).toContain('/signin?next=');
    for (const url of ['/assets/kehou.css', '/assets/htmx.min.js', '/favicon.ico', '/healthz']) {
      expect((await app.inject({ url })).statusCode, url).toBe(200);
    }
    const page = await app.inject({ url: '/signin' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('口令');
    expect(page.body).toContain('type="password"');
    expect(page.body).not.toContain('退出登录');
  });

  it('refuses a wrong or empty token with a Chinese message and no cookie', async () => {
    const wrong = await form(app, '/signin', { token: 'guess', next: '/' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('口令不正确');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const empty = await form(app, '/signin', { token: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('请输入口令');
    // a forged or expired-looking cookie is no session
    for (const cookie of ['kehou_session=1', `kehou_session=9999999999999.${'0'.repeat(64)}`, `kehou_session=1.${'a'.repeat(64)}`]) {
      expect((await app.inject({ url: '/', headers: { cookie } })).statusCode, cookie).toBe(303);
    }
  });

  it('the right token sets an HttpOnly, SameSite=Strict cookie (Secure over https) and the page works with it', async () => {
    const { cookie, setCookie } = await signIn();
    expect(setCookie).toMatch(/^kehou_session=\d+\.[0-9a-f]{64};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    expect((await signIn({ 'x-forwarded-proto': 'https' })).setCookie).toContain('; Secure');

    const home = await app.inject({ url: '/', headers: { cookie } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('学校方案');
    expect(home.body).toContain('退出登录');
    const created = await form(app, '/scenarios', { example: 'tiny', author: '王主任' }, { cookie });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toMatch(/^\/scenarios\//);
    const scenario = await app.inject({ url: created.headers.location as string, headers: { cookie } });
    expect(scenario.statusCode).toBe(200);
    // after sign-in the form goes back where the office was; never to another site
    const back = await form(app, '/signin', { token: TOKEN, next: '/scenarios/x?y=1' });
    expect(back.headers.location).toBe('/scenarios/x?y=1');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      expect((await form(app, '/signin', { token: TOKEN, next })).headers.location, next).toBe('/');
    }
  });

  it('signing out clears the cookie and the page needs the token again', async () => {
    const { cookie } = await signIn();
    const out = await form(app, '/signout', {}, { cookie });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signin');
    const cleared = String(out.headers['set-cookie']);
    expect(cleared).toMatch(/^kehou_session=;/);
    expect(cleared).toContain('Max-Age=0');
    const browserCookie = cleared.split(';')[0]; // what a browser keeps: nothing
    expect((await app.inject({ url: '/', headers: { cookie: browserCookie } })).statusCode).toBe(303);
  });

  it('/v1 and /docs take the bearer token or the session cookie; another origin is refused even with the cookie', async () => {
    const { cookie } = await signIn();
    expect((await app.inject({ url: '/v1/scenarios' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/scenarios', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/scenarios', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/docs/json', headers: { cookie } })).statusCode).toBe(200);
    // a wrong bearer token is not rescued by the cookie
    expect((await app.inject({ url: '/v1/scenarios', headers: { cookie, authorization: 'Bearer nope' } })).statusCode).toBe(401);
    const body = JSON.stringify({ name: '复制' });
    const sameOrigin = await app.inject({
      method: 'POST', url: '/v1/validate', payload: '{}',
      headers: { cookie, 'content-type': 'application/json', host: 'localhost:18700', origin: 'http://localhost:18700', 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.statusCode).toBe(422); // reached the validator: authorised, not refused
    const crossSite = await app.inject({
      method: 'POST', url: '/v1/validate', payload: body,
      headers: { cookie, 'content-type': 'application/json', host: 'localhost:18700', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('forbidden-origin');
    const crossPage = await form(app, '/scenarios', { example: 'tiny' }, { cookie, host: 'localhost:18700', origin: 'https://evil.example' });
    expect(crossPage.statusCode).toBe(403);
  });
});

describe('without a token: the page is open as before', () => {
  it('serves / without a cookie, no sign-out link, and /signin leads home', async () => {
    const home = await open.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('学校方案');
    expect(home.body).not.toContain('退出登录');
    const signin = await open.inject({ url: '/signin' });
    expect(signin.statusCode).toBe(303);
    expect(signin.headers.location).toBe('/');
    const attempt = await form(open, '/signin', { token: 'anything' });
    expect(attempt.statusCode).toBe(303);
    expect(attempt.headers['set-cookie']).toBeUndefined();
  });

  it('the upload form has a Chinese file button, not the browser’s English one', async () => {
    const home = await open.inject({ url: '/' });
    expect(home.body).toMatch(/<label for="file"[^>]*class="button[^"]*"[^>]*>选择文件…<\/label>/);
    expect(home.body).toContain('未选择文件');
  });
});
