// The sign-in (口令) in a real browser: Debian's Chromium (playwright-core, never a browser download) against a
// `kehou serve` with KEHOU_API_TOKEN. The page sends the office to the sign-in form, a wrong token is refused in
// Chinese, the right one opens the page (the cookie is HttpOnly: scripts cannot read it), the upload form shows the
// Chinese file button and the chosen file's name, and 退出登录 ends the session.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, stopServe, type Served } from './serve-process.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--lang=zh-CN', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TOKEN = 'kehou-browser-口令';
const EXAMPLE = fileURLToPath(new URL('../../examples/small.json', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'kehou-signin-'));
let server: Served | undefined;
let browser: Browser | undefined;

describe.skipIf(!existsSync(CHROMIUM))('signing in to the workspace in Chromium', () => {
  beforeAll(async () => {
    server = await startServe(18731, join(dir, 'data'), ['--threads', '1'], { KEHOU_API_TOKEN: TOKEN });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stopServe(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sign-in form, wrong token refused, right token opens the page, Chinese file button, sign-out', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401/.test(m.text())) errors.push(m.text());
    });

    await page.goto(`${server!.base}/`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.getByLabel('口令', { exact: true }).fill('not-the-token');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '口令不正确' }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/signin');

    await page.getByLabel('口令', { exact: true }).fill(TOKEN);
    await Promise.all([page.waitForURL(`${server!.base}/`, { timeout: 15_000 }), page.getByRole('button', { name: '登录' }).click()]);
    await page.getByRole('heading', { name: '新建方案' }).waitFor({ timeout: 15_000 });
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'kehou_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(await page.evaluate('document.cookie')).not.toContain('kehou_session');

    // the upload form: a Chinese button for the file input, and the chosen file's name beside it
    const button = page.locator('label[for="file"]');
    expect((await button.textContent())?.trim()).toBe('选择文件…');
    expect(await button.isVisible()).toBe(true);
    await page.locator('#file').setInputFiles(EXAMPLE);
    expect((await page.locator('[data-file-name]').textContent())?.trim()).toBe('small.json');

    // the API with the page's cookie (same origin) works; the page's link to /docs works too
    expect(await page.evaluate("fetch('/v1/scenarios').then((r) => r.status)")).toBe(200);

    await Promise.all([page.waitForURL(/\/signin$/, { timeout: 15_000 }), page.getByRole('button', { name: '退出登录' }).click()]);
    expect((await page.context().cookies()).find((c) => c.name === 'kehou_session')).toBeUndefined();
    await page.goto(`${server!.base}/`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
