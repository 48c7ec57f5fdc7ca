// The workspace in a real browser: Debian's Chromium driven by playwright-core (never a browser download) against a
// real `kehou serve` process. Upload the example workbook, see a validation error at its cell after breaking a field,
// plan with the progress bar reaching 100 %, open a class and a teacher timetable, run a leave and accept it,
// download the plan workbook.
// KEHOU_SCREENSHOTS=1 also writes the screenshots of docs/workspace.md (docs/img/, desktop and phone width).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { check } from '../../src/checker/index.js';
import { writeTemplate } from '../../src/office/index.js';
import { startServe, stopServe, type Served } from './serve-process.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--lang=zh-CN', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.KEHOU_SCREENSHOTS === '1' ? new URL('../../docs/img/', import.meta.url) : null;
const EXAMPLE = new URL('../../examples/small.json', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'kehou-browser-'));
let server: Served | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startServe(18321, join(dir, 'data'), ['--threads', '1']);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stopServe(server);
  rmSync(dir, { recursive: true, force: true });
});


/** Waits (up to 15 s) until the locator's text is `want` (exact) or contains it. */
async function textOf(loc: Locator, want: string, exact: boolean): Promise<void> {
  const end = Date.now() + 15_000;
  let last = '';
  for (;;) {
    last = ((await loc.first().textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
    if (exact ? last === want : last.includes(want)) return;
    if (Date.now() > end) throw new Error(`expected ${exact ? 'text' : 'text containing'} “${want}”, got “${last.slice(0, 300)}”`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const hasText = (loc: Locator, want: string) => textOf(loc, want, true);
const contains = (loc: Locator, want: string) => textOf(loc, want, false);
const visible = (loc: Locator) => loc.first().waitFor({ state: 'visible', timeout: 15_000 });
async function countIs(loc: Locator, n: number): Promise<void> {
  const end = Date.now() + 15_000;
  while ((await loc.count()) !== n) {
    if (Date.now() > end) throw new Error(`expected ${n} elements, got ${await loc.count()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  // caret 'initial': Playwright's default caret hiding injects a <style>, which the page's CSP (rightly) refuses
  await page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true, caret: 'initial' });
}

/** The same page at a phone's width (WeChat's browser on a 390 px wide phone). */
async function phoneShot(url: string, name: string) {
  if (!SHOTS) return;
  const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN', isMobile: true, hasTouch: true });
  await phone.goto(url);
  await shot(phone, name);
  await phone.close();
}

describe.skipIf(!existsSync(CHROMIUM))('the workspace in Chromium', () => {
  it('upload, validation error, plan to 100 %, timetables, leave accepted, download', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // the one refused upload (422) is expected; anything else is not
      if (m.type() === 'error' && !m.text().includes('422')) errors.push(m.text());
    });
    await page.goto(server!.base + '/');
    await hasText(page.locator('h1'), '学校方案');
    await shot(page, 'workspace-home-empty');

    // the example as the office's workbook (the template filled in), and a copy with one broken cell
    const workbook = Buffer.from(await writeTemplate(JSON.parse(readFileSync(EXAMPLE, 'utf8'))));
    const goodFile = join(dir, '星河路小学.xlsx');
    writeFileSync(goodFile, workbook);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(workbook as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('学生')!;
    let at = { row: 0, col: 0 };
    sheet.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (!at.row && cell.text === '班级') at = { row: r, col: c };
      }),
    );
    const cell = `${String.fromCharCode(64 + at.col)}${at.row + 6}`;
    sheet.getCell(cell).value = '9-9';
    const brokenFile = join(dir, '星河路小学-有错.xlsx');
    writeFileSync(brokenFile, Buffer.from(await wb.xlsx.writeBuffer()));

    // a broken field: the problem is shown at its sheet and cell, with a hint, and nothing is saved
    await page.getByLabel('文件（Excel 工作簿 .xlsx 或 JSON）').setInputFiles(brokenFile);
    await page.getByRole('button', { name: '上传并校验' }).click();
    await visible(page.getByRole('heading', { name: '校验未通过，没有保存' }));
    const row = page.locator('tr', { hasText: `学生!${cell}` });
    await contains(row, '9-9');
    await shot(page, 'workspace-validation');
    await countIs(page.locator('table[aria-label="方案列表"]'), 0);

    // the example itself
    await page.getByLabel('文件（Excel 工作簿 .xlsx 或 JSON）').setInputFiles(goodFile);
    await page.getByLabel('方案名称（可不填，默认为学校名称）').fill('星河路小学 秋季');
    await page.getByRole('button', { name: '上传并校验' }).click();
    await hasText(page.locator('h1'), '星河路小学 秋季');
    await contains(page.locator('table[aria-label="版本记录"]'), '上传工作簿“星河路小学.xlsx”');

    // plan: the bar is fed by the server (SSE) and reaches 100 %
    await page.getByLabel('求解时间（秒）').fill('2');
    await page.getByRole('button', { name: '开始排班' }).click();
    const seen: number[] = [];
    await visible(page.locator('progress'));
    for (let i = 0; i < 600; i++) {
      const v = await page.locator('progress').first().evaluate((p) => (p as unknown as { value: number }).value).catch(() => -1);
      if (v >= 0) seen.push(v);
      if (v === 100) break;
      if (i === 3) await shot(page, 'workspace-progress');
      await page.waitForTimeout(50);
    }
    expect(seen[0]).toBeLessThan(100); // the page showed the bar before the plan was done: it moved live
    expect(seen.at(-1)).toBe(100);
    await visible(page.getByText('完成 100%'));
    await page.getByRole('link', { name: '查看排班结果' }).click();
    await contains(page.locator('h1'), '第 2 版');

    // a class and a teacher timetable
    await hasText(page.locator('.tabs a[aria-current=page]'), '总览');
    await shot(page, 'workspace-overview');
    await page.getByRole('link', { name: '按班级' }).click();
    await hasText(page.locator('.tabs a[aria-current=page]'), '按班级');
    await page.getByRole('link', { name: '一（2）班' }).click();
    const grid = page.locator('table.grid');
    await hasText(page.locator('#grid-title'), '一（2）班');
    await contains(grid.locator('thead'), '周一');
    await contains(grid.locator('tbody'), '作业辅导');
    await shot(page, 'workspace-class');
    const classUrl = page.url();
    await page.getByRole('link', { name: '按教师' }).click();
    await hasText(page.locator('.tabs a[aria-current=page]'), '按教师');
    const teacher = page.locator('ul[aria-label="选择"] a').nth(2);
    const teacherName = (await teacher.textContent())!.trim();
    await teacher.click();
    await hasText(page.locator('#grid-title'), teacherName);
    await contains(page.locator('table.grid thead'), '周五');
    await shot(page, 'workspace-teacher');
    await phoneShot(classUrl, 'workspace-class-phone');

    // search by a name
    await page.getByLabel('按学生或教师姓名查找').fill(teacherName);
    await contains(page.locator('#search-results'), `教师：${teacherName}`);

    // a leave: the proposed substitutions as a diff, accepted as version 3
    await page.getByRole('link', { name: '星河路小学 秋季' }).click();
    await page.getByLabel('请假教师').selectOption({ label: teacherName });
    await page.getByLabel('开始日期').fill('2026-10-12');
    await page.getByLabel('结束日期').fill('2026-10-16');
    await page.getByLabel('事由（可不填）').fill('病假');
    await page.getByRole('button', { name: '推演代课安排' }).click();
    await hasText(page.locator('h1'), '请假调整');
    await contains(page.locator('main'), `请假：${teacherName} 2026-10-12 至 2026-10-16`);
    const diff = page.locator('table[aria-label="调整明细"] tbody tr');
    expect(await diff.count()).toBeGreaterThan(0);
    await hasText(diff.first().locator('.del'), teacherName);
    await shot(page, 'workspace-leave');
    await page.getByRole('button', { name: '接受，保存为新版本' }).click();
    await contains(page.getByRole('status'), '请假调整已保存为第 3 版');
    const versions = page.locator('table[aria-label="版本记录"] tbody tr');
    await countIs(versions, 3);
    await contains(versions.first(), `请假：${teacherName}`);
    await shot(page, 'workspace-scenario');
    await phoneShot(page.url(), 'workspace-scenario-phone');

    // download the plan workbook of version 3 (Excel: 总览, a sheet per class …)
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '排班表（Excel）' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/第3版-排班表\.xlsx$/);
    await xlsx.saveAs(join(dir, 'plan.xlsx'));
    const plan = new ExcelJS.Workbook();
    await plan.xlsx.readFile(join(dir, 'plan.xlsx'));
    const names = plan.worksheets.map((w) => w.name);
    expect(names).toContain('总览');
    expect(names.some((n) => n.includes('一（2）班'))).toBe(true);

    // and the plan itself: the leave is in it and it passes the checker
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '排班结果（JSON）' }).click()]);
    const saved = join(dir, 'plan.json');
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toContain('第3版');
    const [instanceDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '学校数据（JSON）' }).click()]);
    await instanceDownload.saveAs(join(dir, 'instance.json'));
    const instance = JSON.parse(readFileSync(join(dir, 'instance.json'), 'utf8'));
    expect(instance.leave.at(-1)).toMatchObject({ from: '2026-10-12', to: '2026-10-16', reason: '病假' });
    expect(check(instance, JSON.parse(readFileSync(saved, 'utf8'))).violations).toEqual([]);

    await page.goto(server!.base + '/');
    await shot(page, 'workspace-home');
    expect(errors).toEqual([]);
  }, 180_000);
});
