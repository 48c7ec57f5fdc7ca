// The OpenAPI example is read from examples/tiny.json by src/server/tiny-example.ts: the /docs page shows the
// bundled school from every layout the server runs from (sources under vitest, the tsc output in dist/, and the
// bundled CLI in dist/bundle/, which tests/global-setup.ts builds before the suite), whatever the working folder.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import TINY from '../../src/server/tiny-example.js';

const file = (): unknown => JSON.parse(readFileSync(new URL('../../examples/tiny.json', import.meta.url), 'utf8'));
const CLI = fileURLToPath(new URL('../../dist/bundle/kehou.js', import.meta.url));

describe('the /docs example school', () => {
  it('is examples/tiny.json, field for field', () => {
    expect(TINY).toEqual(file());
  });

  it('is found from dist/', async () => {
    const dist = await import(new URL('../../dist/server/tiny-example.js', import.meta.url).href);
    expect(dist.default).toEqual(file());
  });

  it('is served by the bundled `kehou serve` started from another folder', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--threads', '1'], {
      cwd: tmpdir(),
      env: { ...process.env, KEHOU_API_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address printed:\n${out}`)), 30_000);
        const look = (d: Buffer): void => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        child.stdout.on('data', look);
        child.stderr.on('data', look);
        child.on('exit', () => reject(new Error(`exited before listening:\n${out}`)));
      });
      type Doc = { paths: Record<string, { post: { requestBody: { content: Record<string, { example?: unknown }> } } }> };
      const doc = (await (await fetch(`${url}/docs/json`)).json()) as Doc;
      expect(doc.paths['/v1/solve'].post.requestBody.content['application/json'].example).toEqual(file());
    } finally {
      child.kill('SIGKILL');
    }
  });
});
