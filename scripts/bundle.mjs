// Bundles the CLI and the server's worker threads into dist/bundle/ (esbuild), so `kehou` starts by reading a
// few files instead of ~600 ES modules (TypeBox alone is ≈200 files, ≈170 ms): `kehou validate` on the
// longhutang example went from ≈0.55 s to ≈0.17 s wall (2 cores, Node 20). `tsc` still type-checks and emits
// dist/ for library use; this step only adds the bundle the `kehou` command runs.
// Entry points sit at the bundle's root so that the server's pool finds `./worker.js` beside its own chunk.
import { build } from 'esbuild';

await build({
  entryPoints: {
    kehou: 'src/cli/main.ts',
    worker: 'src/server/worker.ts',
    'validate-worker': 'src/server/validate-worker.ts',
    'workbook-worker': 'src/server/workbook-worker.ts',
  },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true, // commands load their heavy parts lazily; keep them in separate chunks
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // packages with files, worker threads or native parts of their own at run time stay in node_modules
  // exceljs (≈1 MB, CommonJS with its own dependencies) is imported lazily by the office commands only; bullmq,
  // ioredis (the district queue) and cli-progress load only in kehou worker / batch
  external: ['fastify', '@fastify/*', 'piscina', 'pino', 'javascript-lp-solver', 'exceljs', 'libsql', 'eta', 'htmx.org', 'bullmq', 'ioredis', 'cli-progress'],
  banner: { js: "import { createRequire as __kehouRequire } from 'node:module'; const require = __kehouRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
