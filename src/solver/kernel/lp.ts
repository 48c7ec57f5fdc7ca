// A small revised simplex (单纯形法) for the cover master LP of column generation: min c·x, A x = b, x ≥ 0,
// columns added on the fly, a dense basis inverse (m is a few hundred rows). The caller supplies an initial
// feasible basis whose matrix is the identity (one unit column per row), so no phase 1 is needed.
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
  /** dense basis inverse, row-major m × m */
  binv: Float64Array;
  /** values of the basic variables */
  xb: Float64Array;
  pivots: number;
  // the columns again, flattened for pricing (column j: entries colStart[j] ≤ t < colStart[j + 1])
  colStart: Int32Array;
  colRows: Int32Array;
  colVals: Float64Array;
  cost: Float64Array;
  nnz: number;
};

const TOL = 1e-9;

/** An LP whose first m columns form the identity basis (column i has a 1 in row i). */
export function createLp(b: Float64Array, identity: readonly LpColumn[]): Lp {
  const m = b.length;
  const binv = new Float64Array(m * m);
  for (let i = 0; i < m; i++) binv[i * m + i] = 1;
  const basis = Int32Array.from({ length: m }, (_, i) => i);
  const where = new Int32Array(Math.max(16, m * 4)).fill(-1);
  for (let i = 0; i < m; i++) where[i] = i;
  // a tiny deterministic perturbation of b keeps the (very degenerate) master from stalling
  const xb = Float64Array.from(b, (v, i) => v + 1e-7 * (1 + ((i * 7919) % 97) / 97));
  const lp: Lp = {
    m,
    b,
    columns: [],
    basis,
    where,
    binv,
    xb,
    pivots: 0,
    colStart: new Int32Array(Math.max(16, m * 4) + 1),
    colRows: new Int32Array(Math.max(64, m * 16)),
    colVals: new Float64Array(Math.max(64, m * 16)),
    cost: new Float64Array(Math.max(16, m * 4)),
    nnz: 0,
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
  return j;
}

/** Duals y = c_B B⁻¹. */
export function duals(lp: Lp): Float64Array {
  const m = lp.m;
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const cb = lp.cost[lp.basis[i]];
    if (cb === 0) continue;
    const row = i * m;
    for (let k = 0; k < m; k++) y[k] += cb * lp.binv[row + k];
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

/** Simplex iterations until optimal (true) or the pivot / time budget ends (false). Dantzig pricing with a
 * switch to Bland's rule after a run of degenerate pivots (no cycling). */
export function solveLp(lp: Lp, maxPivots: number, deadline = Infinity): boolean {
  const m = lp.m;
  const d = new Float64Array(m);
  let y = duals(lp);
  let degenerate = 0;
  for (let it = 0; it < maxPivots; it++) {
    if ((it & 63) === 63 && Date.now() > deadline) return false;
    if ((it & 255) === 255) y = duals(lp); // refresh against drift
    // pricing
    const bland = degenerate > 50;
    let enter = -1;
    let best = -TOL;
    let bestR = 0;
    const { where, colStart, colRows, colVals, cost } = lp;
    const n = lp.columns.length;
    for (let j = 0; j < n; j++) {
      if (where[j] >= 0) continue;
      const cj = cost[j];
      let r = cj;
      for (let t = colStart[j], e = colStart[j + 1]; t < e; t++) r -= y[colRows[t]] * colVals[t];
      if (r < best * (1 + 1e-12) - 1e-9 * Math.abs(cj)) {
        enter = j;
        bestR = r;
        if (bland) break;
        best = r;
      }
    }
    if (enter < 0) return true;
    // d = B⁻¹ a_enter
    d.fill(0);
    const col = lp.columns[enter];
    for (let t = 0; t < col.rows.length; t++) {
      const k = col.rows[t];
      const v = col.vals[t];
      for (let i = 0; i < m; i++) d[i] += lp.binv[i * m + k] * v;
    }
    // ratio test (smallest ratio; ties: largest pivot, then lowest basis column for Bland)
    let leave = -1;
    let ratio = Infinity;
    for (let i = 0; i < m; i++) {
      if (d[i] <= TOL) continue;
      const r = Math.max(0, lp.xb[i]) / d[i];
      if (r < ratio - 1e-12 || (r <= ratio + 1e-12 && leave >= 0 && (bland ? lp.basis[i] < lp.basis[leave] : d[i] > d[leave]))) {
        ratio = r;
        leave = i;
      }
    }
    if (leave < 0) return true; // unbounded cannot happen with a cost-bounded master; stop safely
    degenerate = ratio <= 1e-12 ? degenerate + 1 : 0;
    // duals: y += (r_q / d_r) · (row r of the old B⁻¹)
    const f = bestR / d[leave];
    const lrow = leave * m;
    for (let k = 0; k < m; k++) y[k] += f * lp.binv[lrow + k];
    pivot(lp, enter, leave, d, ratio);
  }
  return false;
}

const nzScratch = { idx: new Int32Array(0) };

function pivot(lp: Lp, enter: number, leave: number, d: Float64Array, ratio: number): void {
  const m = lp.m;
  const binv = lp.binv;
  const piv = d[leave];
  const lrow = leave * m;
  // the pivot row's nonzeros (B⁻¹ of the master stays sparse): the update touches only those entries
  if (nzScratch.idx.length < m) nzScratch.idx = new Int32Array(m);
  const nz = nzScratch.idx;
  let nnz = 0;
  for (let k = 0; k < m; k++) {
    const v = binv[lrow + k];
    if (v === 0) continue;
    binv[lrow + k] = v / piv;
    nz[nnz++] = k;
  }
  for (let i = 0; i < m; i++) {
    if (i === leave) continue;
    const f = d[i];
    if (f === 0) continue;
    const row = i * m;
    for (let t = 0; t < nnz; t++) {
      const k = nz[t];
      binv[row + k] -= f * binv[lrow + k];
    }
  }
  for (let i = 0; i < m; i++) if (i !== leave) lp.xb[i] -= ratio * d[i];
  lp.xb[leave] = ratio;
  lp.where[lp.basis[leave]] = -1;
  lp.basis[leave] = enter;
  lp.where[enter] = leave;
  lp.pivots++;
}
