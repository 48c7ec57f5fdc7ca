// `kehou export-lp FILE [--stage clubs|cover] [-o OUT]` spawned as a user would: the LP file, exit codes, no stack.
import { beforeAll, describe, expect, it } from 'vitest';
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSchool } from '../../src/generate/build.js';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/bundle/kehou.js');
const dir = mkdtempSync(join(tmpdir(), 'kehou-export-lp-cli-'));
const small = join(dir, 'small.json');

function kehou(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(MAIN)) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  writeFileSync(small, JSON.stringify(generateSchool({ preset: 'small', seed: 1 })));
});

describe('kehou export-lp', () => {
  it('writes the whole club stage model (default stage) to a file, with a Chinese summary', () => {
    const out = join(dir, 'clubs.lp');
    const r = kehou(['export-lp', small, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/社团阶段整体模型：\d+ 个变量/);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^\\ kehou clubs/);
    expect(text).toMatch(/\nMinimize\n obj:\n/);
    expect(text).toMatch(/\nSubject To\n/);
    expect(text).toMatch(/\nBinaries\n/);
    // which clubs run (y), their rooms (r) and leaders (l) are variables of the model, not inputs
    expect(text).toMatch(/\n room\d+_\d+:\n/);
    expect(text).toMatch(/\n lead\d+_\d+:\n/);
    expect(text.trimEnd().endsWith('End')).toBe(true);
  });

  it('writes the cover MIP to standard output with --stage cover', () => {
    const r = kehou(['export-lp', small, '--stage', 'cover']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\\ kehou cover/);
    expect(r.stdout).toMatch(/\n o\d+_\d_\d+:\n/); // overlap cliques
    expect(r.stderr).toMatch(/值班安排模型/);
  });

  it('exits 2 on an unknown stage and 1 on an invalid instance', () => {
    expect(kehou(['export-lp', small, '--stage', 'rooms']).code).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "kehou.instance/1"}');
    const r = kehou(['export-lp', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });
});
