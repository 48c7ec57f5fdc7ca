// The OpenAPI example (src/server/tiny-example.ts) is a copy of examples/tiny.json kept inside src/ (the build's
// rootDir): this test keeps the two identical, so /docs never shows a school that differs from the bundled one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import TINY from '../../src/server/tiny-example.js';

describe('the /docs example school', () => {
  it('is examples/tiny.json, field for field', () => {
    const file = JSON.parse(readFileSync(new URL('../../examples/tiny.json', import.meta.url), 'utf8'));
    expect(TINY).toEqual(file);
  });
});
