import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchool } from '../../src/generate/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/bundle/kehou.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });

beforeAll(() => {
  expect(existsSync(cli)).toBe(true); // built by tests/global-setup.ts
});

describe('kehou generate', () => {
  it('prints the instance to stdout, equal to generateSchool', () => {
    const r = run('generate', 'small', '--seed', '3');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(generateSchool({ preset: 'small', seed: 3 }));
    expect(r.stdout).toBe(JSON.stringify(generateSchool({ preset: 'small', seed: 3 }), null, 2) + '\n');
  });

  it('--students scales the school; random works too', () => {
    const r = run('generate', 'longhutang', '--students', '900');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(generateSchool({ preset: 'longhutang', seed: 1, students: 900 }));
    const x = run('generate', 'random', '--seed', '17');
    expect(x.status).toBe(0);
    expect(JSON.parse(x.stdout)).toEqual(generateSchool({ preset: 'random', seed: 17 }));
  });

  it('-o writes the file atomically (no temporary file left) and the file validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kehou-gen-'));
    try {
      const out = join(dir, 'sub', 'school.json');
      const r = run('generate', 'small', '-o', out);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/星河路小学/);
      expect(readFileSync(out, 'utf8')).toBe(JSON.stringify(generateSchool({ preset: 'small', seed: 1 }), null, 2) + '\n');
      expect(readdirSync(join(dir, 'sub'))).toEqual(['school.json']);
      const v = run('validate', out);
      expect(v.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown preset or a bad number is a usage error (exit 2, Chinese message, no stack)', () => {
    const r = run('generate', 'huge');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/未知预设/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const s = run('generate', 'small', '--seed', 'abc');
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/--seed/);
    const m = run('generate');
    expect(m.status).toBe(2);
  });
});
