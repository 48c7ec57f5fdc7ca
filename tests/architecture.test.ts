// The house stays true (issue 9): every import under src/ is parsed; the test fails on an import cycle anywhere,
// on an upward import (a layer importing one it may not), and on a checker that imports anything but the model.
// The layers are stated once, here, and in the README's "Design" section.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** layer → the layers it may import (its own layer always). A folder not listed here fails the test. */
const LAYERS: Readonly<Record<string, readonly string[]>> = {
  model: [],
  generate: ['model'],
  solver: ['model'],
  checker: ['model'],
  office: ['model'],
  store: ['model'],
  web: ['model', 'solver', 'checker', 'office', 'store', 'generate'],
  queue: ['model', 'solver', 'checker', 'office'],
  server: ['model', 'solver', 'checker', 'office', 'store', 'web', 'queue', 'generate'],
  cli: ['model', 'generate', 'solver', 'checker', 'office', 'store', 'web', 'queue', 'server'],
  // src/index.ts, the library entry
  index: ['model', 'solver', 'checker', 'generate'],
};

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

type Graph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** every relative module a file imports (static, type-only, re-exports and dynamic `import()`), as src-relative .ts paths */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;}])(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;}])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(re)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    out.push(relative(SRC, normalize(join(dirname(file), spec.replace(/\.js$/, '.ts')))));
  }
  return out;
}

/** the cycles of a directed graph (one per strongly connected component with more than one node, or a self-loop) */
export function findCycles(graph: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** the layer of a src-relative path: its first folder, or `index` for src/index.ts */
export const layerOf = (path: string): string => (path.includes('/') ? path.split('/')[0] : path.replace(/\.ts$/, ''));

/** upward imports: `from → to` where to's layer is neither from's own nor one it may import */
export function upwardImports(graph: Graph, layers: Readonly<Record<string, readonly string[]>>): string[] {
  const bad: string[] = [];
  for (const [from, tos] of graph) {
    const lf = layerOf(from);
    for (const to of tos) {
      const lt = layerOf(to);
      if (lt !== lf && !(layers[lf] ?? []).includes(lt)) bad.push(`${from} → ${to} (${lf} may not import ${lt})`);
    }
  }
  return bad;
}

const graph: Graph = new Map(sourceFiles(SRC).map((f) => [relative(SRC, f), importsOf(f, readFileSync(f, 'utf8'))]));

describe('architecture: the layers of src/', () => {
  it('reads the imports of every file (sanity: the solver entry imports its stages)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('solver/index.ts')).toContain('solver/compile.ts');
    expect(importsOf(join(SRC, 'cli/x.ts'), "const m = await import('../solver/index.js');\nexport type { A } from './a.js';")).toEqual([
      'solver/index.ts',
      'cli/a.ts',
    ]);
  });

  it('every import points at a file that exists', () => {
    const missing = [...graph].flatMap(([from, tos]) => tos.filter((t) => !graph.has(t)).map((t) => `${from} → ${t}`));
    expect(missing).toEqual([]);
  });

  it('every folder of src/ is a known layer', () => {
    const unknown = [...new Set([...graph.keys()].map(layerOf))].filter((l) => !(l in LAYERS));
    expect(unknown).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no upward import', () => {
    expect(upwardImports(graph, LAYERS)).toEqual([]);
  });

  it('the checker imports nothing but the model (it shares no code with the solver)', () => {
    const outside = [...graph]
      .filter(([from]) => layerOf(from) === 'checker')
      .flatMap(([from, tos]) => tos.filter((t) => !['checker', 'model'].includes(layerOf(t))).map((t) => `${from} → ${t}`));
    expect(outside).toEqual([]);
  });

  it('every docs/decisions.md section the code cites exists', () => {
    const headings = new Set([...readFileSync(join(ROOT, 'docs/decisions.md'), 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1].trim()));
    const cited = sourceFiles(SRC).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/decisions\.md(?: "([^"]+)")?/g)].map((m) => ({ file: relative(SRC, f), section: m[1] })),
    );
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((c) => c.section !== undefined && !headings.has(c.section))).toEqual([]);
  });

  it('every folder of src/ has a header saying what it holds and what it may import', () => {
    const folders = [...new Set(sourceFiles(SRC).map((f) => relative(SRC, dirname(f))))].filter((d) => d !== '');
    const bare = folders.filter((d) => {
      const readme = join(SRC, d, 'README.md');
      const index = join(SRC, d, 'index.ts');
      const text = [readme, index].flatMap((f) => {
        try {
          return [readFileSync(f, 'utf8').slice(0, 1500)];
        } catch {
          return [];
        }
      });
      return !text.some((t) => /may import/i.test(t));
    });
    expect(bare).toEqual([]);
  });

  it('self-test: the detectors report a cycle and an upward import in a tiny graph', () => {
    const g: Graph = new Map([
      ['model/a.ts', ['model/b.ts']],
      ['model/b.ts', ['model/c.ts']],
      ['model/c.ts', ['model/a.ts', 'solver/x.ts']],
      ['solver/x.ts', ['model/a.ts']],
      ['solver/self.ts', ['solver/self.ts']],
    ]);
    expect(findCycles(g)).toEqual([['model/a.ts', 'model/b.ts', 'model/c.ts', 'solver/x.ts'], ['solver/self.ts']]);
    expect(upwardImports(g, LAYERS)).toEqual(['model/c.ts → solver/x.ts (model may not import solver)']);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});
