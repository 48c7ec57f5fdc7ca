// Builds dist/ once before any test file runs (tsc, then the esbuild bundle that `kehou` runs), so the CLI and
// worker-thread tests spawn the code under test and no test file rebuilds dist/ while another one uses it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  const run = (...args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  run(join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json');
  run(join(root, 'scripts/bundle.mjs'));
  if (!existsSync(join(root, 'dist/bundle/kehou.js'))) throw new Error('build did not produce dist/bundle/kehou.js');
}
