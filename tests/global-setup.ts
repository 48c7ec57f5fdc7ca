// Builds dist/ once before any test file runs, so the CLI and worker-thread tests spawn the code under test
// (and no test file rebuilds dist/ while another one is using it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('build did not produce dist/cli/main.js');
}
