// The generator's seeded PRNG (sfc32 seeded by splitmix32) with named independent streams (`fork`): every random
// choice of a sample school comes from here, never Math.random. May import: nothing.

export type Rng = {
  /** uniform in [0, 1) */
  readonly next: () => number;
  /** uniform integer in [lo, hi] */
  readonly int: (lo: number, hi: number) => number;
  readonly chance: (p: number) => boolean;
  readonly pick: <T>(items: readonly T[]) => T;
  /** index drawn with probability proportional to weights[i] */
  readonly weighted: (weights: readonly number[]) => number;
  readonly shuffle: <T>(items: readonly T[]) => T[];
  /** k distinct items in random order */
  readonly sample: <T>(items: readonly T[], k: number) => T[];
  /** an independent stream named by label (does not consume this stream) */
  readonly fork: (label: string) => Rng;
};

const hashString = (s: string, h = 0x811c9dc5): number => {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

export function makeRng(seed: number): Rng {
  let sm = (Math.trunc(seed) ^ 0x5bd1e995) | 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let t = sm ^ (sm >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const rng: Rng = {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i];
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    sample: (items, k) => {
      // partial Fisher-Yates: only the first k places are drawn
      const out = items.slice();
      const n = Math.min(Math.max(0, k), out.length);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(next() * (out.length - i));
        [out[i], out[j]] = [out[j], out[i]];
      }
      out.length = n;
      return out;
    },
    fork: (label) => makeRng(hashString(label, hashString(String(seed)))),
  };
  return rng;
}
