// The tiny bundled school (examples/tiny.json) as the OpenAPI example of an instance body: valid, solves in about a
// second. Read from the package's examples/ folder (shipped with it, see package.json "files"): this module sits
// two folders below the package root in every layout it runs from (src/server, dist/server, dist/bundle).
import { readFileSync } from 'node:fs';

const TINY: unknown = JSON.parse(readFileSync(new URL('../../examples/tiny.json', import.meta.url), 'utf8'));

export default TINY;
