// A small revised simplex (单纯形法) for the cover master LP of column generation: min c·x, A x = b, x ≥ 0,
// columns added on the fly, an explicit basis inverse (m is a few hundred rows). The caller supplies an initial
// feasible basis whose matrix is the identity (one unit column per row), so no phase 1 is needed; a known feasible
// solution may replace it (crashBasis).
//
// What keeps it fast on the master (measured on longhutang's, 346 rows: the kernel without them took ≈ 1.0 s for a
// column generation of ≈ 4,700 pivots; with them, and the settings of cover/index.ts, ≈ 3,400 pivots over up to
// 3,500 columns take ≈ 0.26 s warm):
// - Reinversion. Updating B⁻¹ pivot after pivot fills it with roundoff (entries of 1e-11…1e-6 where the exact
//   inverse has zeros: a pivot row of 250 nonzeros of 346 instead of 50), and each update costs the product of
//   its row's and d's nonzeros. Every REINVERT pivots B⁻¹ is rebuilt from the identity by pivoting the basic
//   columns in again, sparsest first (factorBasis), so the inverse is as sparse as it truly is.
// - Incremental pricing. Every column's reduced cost is kept; after a pivot on row r it changes by f·(ρ·a_j), ρ
//   row r of B⁻¹, computed through a row-wise copy of A for the (few) rows where ρ is nonzero. Reduced costs and
//   duals are recomputed from scratch at every reinversion and before optimality is declared.
// Pure data + functions; the LP object is a plain record of typed arrays that grows as columns are added.

export type LpColumn = { readonly rows: Int32Array; readonly vals: Float64Array; readonly cost: number };

export type Lp = {
  readonly m: number;
  readonly b: Float64Array;
  columns: LpColumn[];
  /** basis[i] = column index basic in row position i */
  basis: Int32Array;
  /** position of a column in the basis, −1 when nonbasic */
  where: Int32Array;
  /** dense basis inverse, column-major: binv[k·m + i] = (B⁻¹)_{ik} (B⁻¹a and the update run down columns) */
  binv: Float64Array;
  /** values of the basic variables */
  xb: Float64Array;
  /** the right-hand side the basic values are computed from (b slightly perturbed, see createLp) */
  readonly bPerturbed: Float64Array;
  pivots: number;
  /** per k: 1 while column k of B⁻¹ is still the unit vector e_k (B⁻¹a then needs no pass down that column) */
  readonly unitColumn: Uint8Array;
  /** pivots since B⁻¹ was last rebuilt */
  sinceReinvert: number;
  // the columns again, flattened for pricing (column j: entries colStart[j] ≤ t < colStart[j + 1])
  colStart: Int32Array;
  colRows: Int32Array;
  colVals: Float64Array;
  cost: Float64Array;
  nnz: number;
  /** the columns row-wise: row k holds the pairs (rowCols[k][t], rowVals[k][t]) */
  readonly rowCols: number[][];
  readonly rowVals: number[][];
  /** reduced cost of every column at the current basis (kept by solveLp; 0 for basic columns) */
  rc: Float64Array;
};

const TOL = 1e-9;
/** smallest |d_i| a pivot may use (a smaller one is roundoff of a zero) */
const PIVOT_TOL = 1e-9;
/** entries of d = B⁻¹a this small are set to zero (roundoff: the exact entries are ratios of small integers);
 * B⁻¹ itself is cleaned by reinversion only (measured: a drop test in its update costs more than it saves) */
const DROP = 1e-13;
/** pivots between reinversions (longhutang's master, multiply-adds of the B⁻¹ updates in millions: every 64 pivots
 * 53, 128: 36, 256: 25, 512: 40, 1024: 55 — the inverse fills again as it is updated) */
const REINVERT = 256;
/** a pivot of the reinversion is at least this fraction of the column's largest candidate (stability) */
const PIVOT_THRESHOLD = 0.1;
/** a solve starts from a rebuilt B⁻¹ when the last one is this many pivots old */
const REINVERT_AT_START = 128;

/** An LP whose first m columns form the identity basis (column i has a 1 in row i). */
export function createLp(b: Float64Array, identity: readonly LpColumn[]): Lp {
  const m = b.length;
  const binv = new Float64Array(m * m);
  for (let i = 0; i < m; i++) binv[i * m + i] = 1;
  const basis = Int32Array.from({ length: m }, (_, i) => i);
  const where = new Int32Array(Math.max(16, m * 4)).fill(-1);
  for (let i = 0; i < m; i++) where[i] = i;
  // a tiny deterministic perturbation of b keeps the (very degenerate) master from stalling
  const bPerturbed = Float64Array.from(b, (v, i) => v + 1e-7 * (1 + ((i * 7919) % 97) / 97));
  const lp: Lp = {
    m,
    b,
    columns: [],
    basis,
    where,
    binv,
    xb: bPerturbed.slice(),
    bPerturbed,
    pivots: 0,
    sinceReinvert: 0,
    unitColumn: new Uint8Array(m).fill(1),
    colStart: new Int32Array(Math.max(16, m * 4) + 1),
    colRows: new Int32Array(Math.max(64, m * 16)),
    colVals: new Float64Array(Math.max(64, m * 16)),
    cost: new Float64Array(Math.max(16, m * 4)),
    nnz: 0,
    rowCols: Array.from({ length: m }, () => []),
    rowVals: Array.from({ length: m }, () => []),
    rc: new Float64Array(Math.max(16, m * 4)),
  };
  for (const c of identity) addColumn(lp, c);
  for (let i = 0; i < m; i++) lp.where[i] = i;
  return lp;
}

/** Changes a column's cost (the basis stays feasible; the next solveLp re-optimises). */
export function setCost(lp: Lp, j: number, cost: number): void {
  const c = lp.columns[j];
  lp.columns[j] = { rows: c.rows, vals: c.vals, cost };
  lp.cost[j] = cost;
}

export function addColumn(lp: Lp, col: LpColumn): number {
  const j = lp.columns.length;
  lp.columns.push(col);
  if (j >= lp.where.length) {
    const w = new Int32Array(lp.where.length * 2).fill(-1);
    w.set(lp.where);
    lp.where = w;
  }
  lp.where[j] = -1;
  if (j + 1 >= lp.cost.length) {
    const cs = new Int32Array(lp.colStart.length * 2);
    cs.set(lp.colStart);
    lp.colStart = cs;
    const c = new Float64Array(lp.cost.length * 2);
    c.set(lp.cost);
    lp.cost = c;
    lp.rc = new Float64Array(lp.cost.length); // every reduced cost is recomputed at the next solveLp
  }
  const k = col.rows.length;
  if (lp.nnz + k > lp.colRows.length) {
    const size = Math.max(lp.colRows.length * 2, lp.nnz + k);
    const r = new Int32Array(size);
    r.set(lp.colRows);
    lp.colRows = r;
    const v = new Float64Array(size);
    v.set(lp.colVals);
    lp.colVals = v;
  }
  lp.colRows.set(col.rows, lp.nnz);
  lp.colVals.set(col.vals, lp.nnz);
  lp.nnz += k;
  lp.colStart[j + 1] = lp.nnz;
  lp.cost[j] = col.cost;
  for (let t = 0; t < k; t++) {
    lp.rowCols[col.rows[t]].push(j);
    lp.rowVals[col.rows[t]].push(col.vals[t]);
  }
  return j;
}

/** Duals y = c_B B⁻¹. */
export function duals(lp: Lp): Float64Array {
  const m = lp.m;
  const y = new Float64Array(m);
  const cb = new Float64Array(m);
  for (let i = 0; i < m; i++) cb[i] = lp.cost[lp.basis[i]];
  for (let k = 0; k < m; k++) {
    let s = 0;
    for (let i = 0, p = k * m; i < m; i++, p++) s += cb[i] * lp.binv[p];
    y[k] = s;
  }
  return y;
}

export function objective(lp: Lp): number {
  let z = 0;
  for (let i = 0; i < lp.m; i++) z += lp.cost[lp.basis[i]] * lp.xb[i];
  return z;
}

/** Primal values of every column. */
export function primalValues(lp: Lp): Float64Array {
  const x = new Float64Array(lp.columns.length);
  for (let i = 0; i < lp.m; i++) x[lp.basis[i]] = lp.xb[i];
  return x;
}

// scratch (module-level, grown on demand; single-threaded): the nonzero positions of d
let dIdx = new Int32Array(0);

/** d = B⁻¹ a_j (entries below DROP set to zero). */
function ftran(lp: Lp, j: number, d: Float64Array): void {
  const m = lp.m;
  const binv = lp.binv;
  d.fill(0);
  const unit = lp.unitColumn;
  for (let t = lp.colStart[j], e = lp.colStart[j + 1]; t < e; t++) {
    const k = lp.colRows[t];
    const v = lp.colVals[t];
    if (unit[k]) d[k] += v;
    else for (let i = 0, p = k * m; i < m; i++, p++) d[i] += binv[p] * v;
  }
  for (let i = 0; i < m; i++) if (Math.abs(d[i]) < DROP) d[i] = 0;
}

/** B⁻¹ after the column with B⁻¹a = d replaces the basic column of row r: row r divided by d_r, then subtracted
 * from every other row i in proportion to d_i; only the nonzeros of row r (columns of B⁻¹) and of d are touched. */
function updateInverse(lp: Lp, d: Float64Array, r: number): void {
  const m = lp.m;
  const binv = lp.binv;
  if (dIdx.length < m) dIdx = new Int32Array(m);
  const dOf = dIdx; // a local alias: the module binding would be re-read on every access in the loop below
  const unit = lp.unitColumn;
  const piv = d[r];
  let nd = 0;
  for (let i = 0; i < m; i++) if (d[i] !== 0 && i !== r) dOf[nd++] = i;
  for (let k = 0, p = r; k < m; k++, p += m) {
    const v = binv[p];
    if (v === 0) continue;
    const w = v / piv;
    binv[p] = w;
    unit[k] = 0;
    const col = k * m;
    for (let s = 0; s < nd; s++) {
      const i = dOf[s];
      binv[col + i] -= d[i] * w;
    }
  }
}

/** Builds B⁻¹ and the basic values for a basis of `structural` columns and the unit columns marked in `keep`,
 * from the identity: the structural columns pivot in, sparsest first, each on a large entry among the rows whose
 * unit column is not kept. A column that finds no pivot above PIVOT_TOL (dependent on the others) stays out and
 * its row keeps its unit column. Returns the number of structural columns left out. */
function factorBasis(lp: Lp, structural: number[], keep: Uint8Array): number {
  const m = lp.m;
  for (let i = 0; i < m; i++) lp.where[lp.basis[i]] = -1;
  const len = (j: number): number => lp.colStart[j + 1] - lp.colStart[j];
  structural.sort((a, c) => len(a) - len(c) || a - c);
  lp.binv.fill(0);
  lp.unitColumn.fill(1);
  const basis = Int32Array.from({ length: m }, (_, i) => i);
  for (let i = 0; i < m; i++) lp.binv[i * m + i] = 1;
  const d = new Float64Array(m);
  let skipped = 0;
  for (const j of structural) {
    ftran(lp, j, d);
    let big = 0;
    for (let i = 0; i < m; i++) if (basis[i] === i && !keep[i] && Math.abs(d[i]) > big) big = Math.abs(d[i]);
    if (big <= PIVOT_TOL) {
      skipped++;
      continue;
    }
    // threshold pivoting: among the rows with |d_i| ≥ PIVOT_THRESHOLD · max, the one whose row of B⁻¹ has the
    // fewest nonzeros (the update costs their number times d's)
    let r = -1;
    let rCount = Infinity;
    for (let i = 0; i < m; i++) {
      if (basis[i] !== i || keep[i] || Math.abs(d[i]) < PIVOT_THRESHOLD * big) continue;
      let count = 0;
      for (let k = 0, p = i; k < m; k++, p += m) if (lp.binv[p] !== 0) count++;
      if (count < rCount || (count === rCount && Math.abs(d[i]) > Math.abs(d[r]))) ((r = i), (rCount = count));
    }
    updateInverse(lp, d, r);
    basis[r] = j;
  }
  lp.basis = basis;
  for (let i = 0; i < m; i++) lp.where[basis[i]] = i;
  // x_B = B⁻¹ b
  lp.xb.fill(0);
  for (let k = 0; k < m; k++) {
    const bk = lp.bPerturbed[k];
    if (bk === 0) continue;
    for (let i = 0, p = k * m; i < m; i++, p++) lp.xb[i] += lp.binv[p] * bk;
  }
  lp.sinceReinvert = 0;
  return skipped;
}

/** Rebuilds B⁻¹ of the present basis cleanly (see the header). */
function reinvert(lp: Lp): void {
  const m = lp.m;
  const keep = new Uint8Array(m); // unit columns that are basic
  const structural: number[] = [];
  for (let i = 0; i < m; i++) {
    const j = lp.basis[i];
    if (j < m) keep[j] = 1;
    else structural.push(j);
  }
  factorBasis(lp, structural, keep);
}

/**
 * Starts from a known feasible solution instead of the identity basis (a crash basis): its positive columns
 * `structural` (not unit columns) and the unit columns `keep[i] = 1` that are positive in it. Kept when the basis
 * factors and every basic value is at least −1e-5 (true); otherwise the identity basis is restored (false).
 */
export function crashBasis(lp: Lp, structural: readonly number[], keep: Uint8Array): boolean {
  const m = lp.m;
  const cols = structural.filter((j) => j >= m && j < lp.columns.length);
  const skipped = factorBasis(lp, cols, keep);
  // basic values at zero may come out slightly negative from b's perturbation (1e-7 a row): clamped
  let feasible = skipped === 0;
  for (let i = 0; feasible && i < m; i++) if (lp.xb[i] < -1e-5) feasible = false;
  if (feasible) {
    for (let i = 0; i < m; i++) if (lp.xb[i] < 0) lp.xb[i] = 0;
    return true;
  }
  factorBasis(lp, [], new Uint8Array(m));
  return false;
}

/** Every column's reduced cost c_j − y·a_j at the duals y (basic columns 0). */
function priceAll(lp: Lp, y: Float64Array): void {
  const { where, colStart, colRows, colVals, cost, rc } = lp;
  const n = lp.columns.length;
  for (let j = 0; j < n; j++) {
    if (where[j] >= 0) {
      rc[j] = 0;
      continue;
    }
    let r = cost[j];
    for (let t = colStart[j], e = colStart[j + 1]; t < e; t++) r -= y[colRows[t]] * colVals[t];
    rc[j] = r;
  }
}

/** The entering column: most negative reduced cost (Dantzig), or the first negative one (Bland); −1 if none. */
function chooseEntering(lp: Lp, bland: boolean): number {
  const { where, cost, rc } = lp;
  const n = lp.columns.length;
  let enter = -1;
  let best = -TOL;
  for (let j = 0; j < n; j++) {
    if (where[j] >= 0) continue;
    const r = rc[j];
    if (r < best * (1 + 1e-12) - 1e-9 * Math.abs(cost[j])) {
      enter = j;
      if (bland) break;
      best = r;
    }
  }
  return enter;
}

/** Simplex iterations until optimal (true) or the pivot / time budget ends (false). Dantzig pricing with a
 * switch to Bland's rule after a run of degenerate pivots (no cycling). Optimality is declared on reduced costs
 * recomputed from scratch. */
export function solveLp(lp: Lp, maxPivots: number, deadline = Infinity): boolean {
  const m = lp.m;
  const d = new Float64Array(m);
  if (lp.sinceReinvert >= REINVERT_AT_START) reinvert(lp);
  let y = duals(lp);
  priceAll(lp, y);
  let fresh = true; // reduced costs recomputed since the last pivot
  let degenerate = 0;
  for (let it = 0; it < maxPivots; it++) {
    if ((it & 63) === 63 && Date.now() > deadline) return false;
    if (lp.sinceReinvert >= REINVERT) {
      reinvert(lp);
      y = duals(lp);
      priceAll(lp, y);
      fresh = true;
    }
    const bland = degenerate > 50;
    let enter = chooseEntering(lp, bland);
    if (enter < 0 && !fresh) {
      y = duals(lp);
      priceAll(lp, y);
      fresh = true;
      enter = chooseEntering(lp, bland);
    }
    if (enter < 0) return true;
    ftran(lp, enter, d);
    // ratio test (smallest ratio; ties: largest pivot, then lowest basis column for Bland)
    let leave = -1;
    let ratio = Infinity;
    for (let i = 0; i < m; i++) {
      if (d[i] <= PIVOT_TOL) continue;
      const r = Math.max(0, lp.xb[i]) / d[i];
      if (r < ratio - 1e-12 || (r <= ratio + 1e-12 && leave >= 0 && (bland ? lp.basis[i] < lp.basis[leave] : d[i] > d[leave]))) {
        ratio = r;
        leave = i;
      }
    }
    if (leave < 0) return true; // unbounded cannot happen with a cost-bounded master; stop safely
    degenerate = ratio <= 1e-12 ? degenerate + 1 : 0;
    // ρ = row `leave` of B⁻¹ (before the update): duals y += f·ρ and reduced costs rc_j −= f·(ρ·a_j) with
    // f = rc_q / d_r, the latter through the rows where ρ is nonzero
    const f = lp.rc[enter] / d[leave];
    const rc = lp.rc;
    for (let k = 0, p = leave; k < m; k++, p += m) {
      const v = lp.binv[p];
      if (v === 0) continue;
      y[k] += f * v;
      const w = f * v;
      const cols = lp.rowCols[k];
      const vals = lp.rowVals[k];
      for (let t = 0; t < cols.length; t++) rc[cols[t]] -= w * vals[t];
    }
    const leaving = lp.basis[leave];
    updateInverse(lp, d, leave);
    for (let i = 0; i < m; i++) if (i !== leave) lp.xb[i] -= ratio * d[i];
    lp.xb[leave] = ratio;
    lp.where[leaving] = -1;
    lp.basis[leave] = enter;
    lp.where[enter] = leave;
    rc[enter] = 0;
    rc[leaving] = -f;
    lp.pivots++;
    lp.sinceReinvert++;
    fresh = false;
  }
  return false;
}
