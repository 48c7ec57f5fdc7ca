// Screenshots for docs/使用指南.md: the printed class timetable and a 家长通知, rendered by headless Chromium
// (playwright-core with the system /usr/bin/chromium) from `kehou export` of the bundled small example.
// Run after `npm run build`: node scripts/guide-screenshots.mjs   (writes docs/img/*.png)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..');
const kehou = (...args) => execFileSync(process.execPath, [join(root, 'dist/bundle/kehou.js'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const work = mkdtempSync(join(tmpdir(), 'kehou-guide-'));
const plan = join(work, 'plan.json');
kehou('solve', 'examples/small.json', '-o', plan, '--seed', '1');
kehou('export', 'examples/small.json', plan, '-o', join(work, 'out/'));
const img = join(root, 'docs/img');
mkdirSync(img, { recursive: true });

// a fresh profile directory each run (playwright passes it as --user-data-dir)
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kehou-chromium-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const shot = async (file, selector, width, height, out) => {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(pathToFileURL(join(work, 'out/打印', file)).href);
    await page.emulateMedia({ media: 'print' });
    await page.locator(selector).screenshot({ path: join(img, out) });
    await page.close();
  };
  // A4 landscape and portrait at 96 dpi, less the print margins
  await shot('classes.html', '#class-1-1', 1080, 760, '班级课表.png');
  await shot('notices.html', '#notice-1-1', 720, 1080, '家长通知.png');
  await shot('index.html', 'body', 1080, 900, '总览.png');
} finally {
  await browser.close();
}
console.log(`docs/img: 班级课表.png 家长通知.png 总览.png (from ${work})`);
