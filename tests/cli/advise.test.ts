// `kehou advise INSTANCE [-o FILE] [--json]` spawned as a user would: Chinese lines, JSON, the file, exit codes.
import { beforeAll, describe, expect, it } from 'vitest';
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Instance } from '../../src/model/schema.js';
import { danceSchool } from '../fixtures/school.js';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/bundle/kehou.js');
const dir = mkdtempSync(join(tmpdir(), 'kehou-advise-cli-'));
const file = join(dir, 'dance.json');

function kehou(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


beforeAll(() => {
  if (!existsSync(MAIN)) execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  writeFileSync(file, JSON.stringify(danceSchool()));
});

describe('kehou advise', () => {
  it('prints demand against seats and an extra section in Chinese', () => {
    const r = kehou(['advise', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('舞蹈：第一志愿 30 人');
    expect(r.stdout).toContain('10 个名额');
    expect(r.stdout).toMatch(/建议：增开「舞蹈（2班）」.*多安排 10 名学生/);
  });
  it('--json and -o give the advice as JSON with a ready addClub', () => {
    const out = join(dir, 'advice.json');
    const r = kehou(['advise', file, '--json', '-o', out]);
    expect(r.code).toBe(0);
    const a = JSON.parse(readFileSync(out, 'utf8'));
    expect(JSON.parse(r.stdout)).toEqual(a);
    expect(a.suggestions[0].addClub).toMatchObject({ id: 'dance-2', sectionOf: 'dance', level: 'school' });
    expect(a.suggestions[0].gain).toEqual({ placed: 10, clubCost: 10 * 100 - 10 });
  });
  it('exits 1 on an invalid instance', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "kehou.instance/1"}');
    expect(kehou(['advise', bad]).code).toBe(1);
  });
});
