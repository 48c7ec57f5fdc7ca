// The planner's seeded PRNG (mulberry32): every random choice of a stage comes from one of these, seeded from
// the solve's `seed`, so the same input and seed give the same plan.
/** mulberry32: a seeded PRNG in [0, 1) (deterministic). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
