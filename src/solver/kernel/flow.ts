// Exact min-cost flow kernel (最小费用流) over typed arrays: the student → club transportation problem
// and the convex staff-load (cover) problem are both solved here. Pure functions, no classes.
//
// Conventions
// - Arc a goes arcFrom[a] → arcTo[a], carries 0 ≤ flow[a] ≤ arcCapacity[a] at arcCost[a] per unit.
// - supply[v] > 0 supplies, < 0 demands; conservation: out(v) − in(v) = supply[v].
// - Duals ("potential"): reducedCost(a) = arcCost[a] + potential[from] − potential[to].
//   Optimality (complementary slackness): flow < capacity ⇒ reducedCost ≥ 0, flow > 0 ⇒ reducedCost ≤ 0.
//   `verifyOptimal` checks exactly this, so a result it accepts is a certificate of optimality.
// - Infeasible supplies: the result routes as much supply as possible (then at least cost) and says how much
//   could not be routed; supply nodes keep the rest, demand nodes stay short, transit nodes are balanced.

export type FlowNetwork = {
  readonly nodeCount: number;
  readonly arcFrom: Int32Array;
  readonly arcTo: Int32Array;
  /** ≥ 0 */
  readonly arcCapacity: Int32Array;
  /** integer-valued costs, may be negative */
  readonly arcCost: Float64Array | Int32Array;
  /** per node: > 0 supplies, < 0 demands; must sum to 0 for an 'optimal' result */
  readonly supply: Int32Array;
};

/** 'optimal': `potential` is the dual certificate (check it with `verifyOptimal`); duals are not unique and the
 * engines return different (equally valid) ones, so only differences along arcs/paths carry meaning.
 * 'infeasible': the supplies cannot all be routed (or do not sum to 0); `flow` routes as much as possible at least
 * cost and `unrouted` = units left unmatched = max(supply not sent, demand not met). */
export type FlowResult =
  | { readonly status: 'optimal'; readonly flow: Int32Array; readonly cost: number; readonly potential: Float64Array }
  | { readonly status: 'infeasible'; readonly flow: Int32Array; readonly cost: number; readonly unrouted: number };

/** 'network-simplex' (default: fastest measured, see benchmarks/flow.md), 'cost-scaling' (Goldberg push-relabel)
 * or 'primal-dual' (successive shortest paths: Dijkstra + potentials, then a blocking flow on the zero-reduced-cost
 * arcs per phase). All three are exact; the alternatives serve as cross-checks. */
export type FlowAlgorithm = 'network-simplex' | 'cost-scaling' | 'primal-dual';

export type FlowOptions = {
  readonly algorithm?: FlowAlgorithm;
  /** network simplex internals (benchmarks only) */
  readonly tuning?: NetworkSimplexTuning;
};

export const DEFAULT_FLOW_OPTIONS: Required<Omit<FlowOptions, 'tuning'>> = { algorithm: 'network-simplex' };

// ---------------------------------------------------------------------------------------------
// Builder: make a FlowNetwork without hand-managing typed arrays.

export type NetworkBuilder = {
  /** adds an arc and returns its index (arcs are numbered 0, 1, 2, … in insertion order) */
  readonly addArc: (from: number, to: number, capacity: number, cost: number) => number;
  /** sets (overwrites) a node's supply */
  readonly setSupply: (node: number, supply: number) => void;
  /** adds to a node's supply */
  readonly addSupply: (node: number, supply: number) => void;
  /** number of arcs added so far */
  readonly arcCount: () => number;
  /** a network over copies of the arrays built so far (the builder stays usable) */
  readonly build: () => FlowNetwork;
};

export function createNetworkBuilder(nodeCount: number, arcCapacityHint = 16): NetworkBuilder {
  if (!Number.isInteger(nodeCount) || nodeCount < 0) throw new RangeError(`bad nodeCount ${nodeCount}`);
  let size = Math.max(4, arcCapacityHint | 0);
  let from = new Int32Array(size);
  let to = new Int32Array(size);
  let cap = new Int32Array(size);
  let cost = new Float64Array(size);
  let m = 0;
  const supply = new Int32Array(nodeCount);
  const grow = (): void => {
    size *= 2;
    const f = new Int32Array(size); f.set(from); from = f;
    const t = new Int32Array(size); t.set(to); to = t;
    const c = new Int32Array(size); c.set(cap); cap = c;
    const k = new Float64Array(size); k.set(cost); cost = k;
  };
  const checkNode = (v: number): void => {
    if (!Number.isInteger(v) || v < 0 || v >= nodeCount) throw new RangeError(`node ${v} out of range 0..${nodeCount - 1}`);
  };
  return {
    addArc(u, v, c, k) {
      checkNode(u);
      checkNode(v);
      if (!Number.isInteger(c) || c < 0 || c > 0x7fffffff) throw new RangeError(`bad capacity ${c}`);
      if (!Number.isInteger(k)) throw new RangeError(`cost must be an integer, got ${k}`);
      if (m === size) grow();
      from[m] = u;
      to[m] = v;
      cap[m] = c;
      cost[m] = k;
      return m++;
    },
    setSupply(v, s) {
      checkNode(v);
      if (!Number.isInteger(s) || Math.abs(s) > 0x7fffffff) throw new RangeError(`bad supply ${s}`);
      supply[v] = s;
    },
    addSupply(v, s) {
      checkNode(v);
      const t = supply[v] + s;
      if (!Number.isInteger(s) || Math.abs(t) > 0x7fffffff) throw new RangeError(`bad supply ${s}`);
      supply[v] = t;
    },
    arcCount: () => m,
    build: () => ({
      nodeCount,
      arcFrom: from.slice(0, m),
      arcTo: to.slice(0, m),
      arcCapacity: cap.slice(0, m),
      arcCost: cost.slice(0, m),
      supply: supply.slice(),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Entry point.

/** Solves the min-cost flow problem exactly. Throws RangeError only for a malformed network (a programming
 * error: arrays of different lengths, endpoints out of range, negative capacity, non-integer or too large costs). */
export function minCostFlow(net: FlowNetwork, options: FlowOptions = {}): FlowResult {
  const opts = { ...DEFAULT_FLOW_OPTIONS, ...options };
  checkNetwork(net);
  switch (opts.algorithm) {
    case 'network-simplex': {
      const tuning = opts.tuning ?? DEFAULT_NETWORK_SIMPLEX_TUNING;
      return networkSimplex(net, tuning) ?? routeAsMuchAsPossible(net, (aug) => networkSimplex(aug, tuning));
    }
    case 'cost-scaling':
      return costScaling(net) ?? routeAsMuchAsPossible(net, costScaling);
    case 'primal-dual':
    default:
      return primalDual(net);
  }
}

const EXACT = 2 ** 52;

function checkNetwork(net: FlowNetwork): void {
  const n = net.nodeCount;
  const m = net.arcFrom.length;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad nodeCount ${n}`);
  if (net.arcTo.length !== m || net.arcCapacity.length !== m || net.arcCost.length !== m) {
    throw new RangeError('arc arrays differ in length');
  }
  if (net.supply.length !== n) throw new RangeError('supply length differs from nodeCount');
  let maxAbsCost = 0;
  for (let a = 0; a < m; a++) {
    const u = net.arcFrom[a];
    const v = net.arcTo[a];
    if (u < 0 || u >= n || v < 0 || v >= n) throw new RangeError(`arc ${a} has an endpoint out of range`);
    if (net.arcCapacity[a] < 0) throw new RangeError(`arc ${a} has negative capacity`);
    const c = net.arcCost[a];
    if (!Number.isInteger(c)) throw new RangeError(`arc ${a} has a non-integer cost`);
    if (Math.abs(c) > maxAbsCost) maxAbsCost = Math.abs(c);
  }
  // potentials reach about (max |cost| + 1) · (n + 2)² (penalty arcs for unroutable supply, artificial arcs):
  // keep them exact integers in a double
  if ((maxAbsCost + 1) * (n + 2) * (n + 2) * 4 > EXACT) {
    throw new RangeError(`costs up to ${maxAbsCost} on ${n} nodes are too large for exact arithmetic`);
  }
}

/** The infeasible case for the exact engines: solve the network with a node R added, supply node v → R
 * (capacity supply[v], cost BIG: a unit left at its source) and R → demand node w (capacity −supply[w],
 * cost 0), R balancing Σ supply. It is always feasible; BIG exceeds any simple path's cost, so its optimum
 * routes as much as possible and then at least cost. */
function routeAsMuchAsPossible(net: FlowNetwork, solve: (net: FlowNetwork) => FlowResult | null): FlowResult {
  const n = net.nodeCount;
  const m = net.arcFrom.length;
  let ends = 0;
  let supplySum = 0;
  for (let v = 0; v < n; v++) {
    if (net.supply[v] !== 0) ends++;
    supplySum += net.supply[v];
  }
  const big = unroutedPenalty(net);
  const R = n;
  const arcFrom = new Int32Array(m + ends);
  const arcTo = new Int32Array(m + ends);
  const arcCapacity = new Int32Array(m + ends);
  const arcCost = new Float64Array(m + ends);
  arcFrom.set(net.arcFrom);
  arcTo.set(net.arcTo);
  arcCapacity.set(net.arcCapacity);
  arcCost.set(net.arcCost);
  const supply = new Int32Array(n + 1);
  supply.set(net.supply);
  supply[R] = -supplySum;
  for (let v = 0, a = m; v < n; v++) {
    const s = net.supply[v];
    if (s > 0) { arcFrom[a] = v; arcTo[a] = R; arcCapacity[a] = s; arcCost[a] = big; a++; }
    else if (s < 0) { arcFrom[a] = R; arcTo[a] = v; arcCapacity[a] = -s; arcCost[a] = 0; a++; }
  }
  const r = solve({ nodeCount: n + 1, arcFrom, arcTo, arcCapacity, arcCost, supply });
  if (r === null || r.status !== 'optimal') return primalDual(net); // not reached: the augmented network is feasible
  const flow = r.flow.slice(0, m);
  let leftSupply = 0;
  let leftDemand = 0;
  for (let a = m; a < m + ends; a++) {
    if (arcFrom[a] === R) leftDemand += r.flow[a];
    else leftSupply += r.flow[a];
  }
  const cost = totalCost(net, flow);
  if (leftSupply === 0 && leftDemand === 0 && supplySum === 0) {
    return { status: 'optimal', flow, cost, potential: r.potential.slice(0, n) }; // not reached: the engine said infeasible
  }
  return { status: 'infeasible', flow, cost, unrouted: Math.max(leftSupply, leftDemand) };
}

/** (max |cost| + 1) · (n + 1): the per-unit price of leaving supply unrouted. Any simple path or cycle of the
 * network costs less in absolute value, so a min-cost solution with these penalty arcs routes as much as possible. */
function unroutedPenalty(net: FlowNetwork): number {
  let maxAbsCost = 0;
  for (let a = 0; a < net.arcFrom.length; a++) maxAbsCost = Math.max(maxAbsCost, Math.abs(net.arcCost[a]));
  return (maxAbsCost + 1) * (net.nodeCount + 1);
}

function totalCost(net: FlowNetwork, flow: Int32Array): number {
  let c = 0;
  for (let a = 0; a < flow.length; a++) if (flow[a] !== 0) c += flow[a] * net.arcCost[a];
  return c;
}

// ---------------------------------------------------------------------------------------------
// Primal-dual successive shortest paths.
// Residual graph over n + 3 nodes: S = n (super source), T = n + 1 (super sink), R = n + 2 (unrouted).
// Arcs: the network's, then v → R (cap supply[v], cost BIG) for supplies, R → w (cap −supply[w], cost 0) for
// demands, then S → v / v → T for the excesses left after saturating every negative-cost arc (so every residual
// arc starts with a non-negative reduced cost at potential 0). Each phase: one Dijkstra (stopped at T, potentials
// capped at dist(T) to keep reduced costs ≥ 0), then a Dinic blocking flow on zero-reduced-cost arcs, repeated
// until T is unreachable through them.

function primalDual(net: FlowNetwork): FlowResult {
  const n = net.nodeCount;
  const m = net.arcFrom.length;
  const S = n;
  const T = n + 1;
  const R = n + 2;
  const N = n + 3;
  const big = unroutedPenalty(net);

  // excess after saturating negative arcs; R's supply balances an unbalanced network
  const excess = new Float64Array(N);
  let supplySum = 0;
  let rArcs = 0;
  for (let v = 0; v < n; v++) {
    const s = net.supply[v];
    excess[v] = s;
    supplySum += s;
    if (s !== 0) rArcs++;
  }
  excess[R] = -supplySum;
  for (let a = 0; a < m; a++) {
    if (net.arcCost[a] < 0) {
      const c = net.arcCapacity[a];
      excess[net.arcFrom[a]] -= c;
      excess[net.arcTo[a]] += c;
    }
  }
  let stArcs = 0;
  for (let v = 0; v < N; v++) if (excess[v] !== 0) stArcs++;

  const M = m + rArcs + stArcs;
  const tail = new Int32Array(2 * M);
  const head = new Int32Array(2 * M);
  const rc = new Float64Array(2 * M); // residual capacity (Float64: S/T arcs may exceed int32 after saturation)
  const rcost = new Float64Array(2 * M);
  const setArc = (a: number, u: number, v: number, cap: number, cost: number, flow: number): void => {
    const e = 2 * a;
    tail[e] = u; head[e] = v; rc[e] = cap - flow; rcost[e] = cost;
    tail[e + 1] = v; head[e + 1] = u; rc[e + 1] = flow; rcost[e + 1] = -cost;
  };
  for (let a = 0; a < m; a++) {
    const c = net.arcCapacity[a];
    const k = net.arcCost[a];
    setArc(a, net.arcFrom[a], net.arcTo[a], c, k, k < 0 ? c : 0);
  }
  let a = m;
  for (let v = 0; v < n; v++) {
    const s = net.supply[v];
    if (s > 0) setArc(a++, v, R, s, big, 0);
    else if (s < 0) setArc(a++, R, v, -s, 0, 0);
  }
  let need = 0;
  for (let v = 0; v < N; v++) {
    const x = excess[v];
    if (x > 0) { setArc(a++, S, v, x, 0, 0); need += x; }
    else if (x < 0) setArc(a++, v, T, -x, 0, 0);
  }

  // CSR adjacency of residual edges by tail
  const start = new Int32Array(N + 1);
  for (let e = 0; e < 2 * M; e++) start[tail[e] + 1]++;
  for (let v = 0; v < N; v++) start[v + 1] += start[v];
  const adj = new Int32Array(2 * M);
  {
    const fill = start.slice(0, N);
    for (let e = 0; e < 2 * M; e++) adj[fill[tail[e]]++] = e;
  }

  const ws: PrimalDual = {
    nodes: N, source: S, sink: T, tail, head, rc, rcost, start, adj,
    pot: new Float64Array(N),
    dist: new Float64Array(N),
    done: new Uint8Array(N),
    level: new Int32Array(N),
    cur: new Int32Array(N),
    queue: new Int32Array(N),
    pathEdge: new Int32Array(N),
    heapKey: new Float64Array(2 * M + N + 1),
    heapNode: new Int32Array(2 * M + N + 1),
  };
  while (need > 0) {
    if (!dijkstra(ws)) break; // cannot happen: the R arcs make the augmented network feasible
    while (need > 0 && admissibleLevels(ws)) need -= blockingFlow(ws);
  }
  const pot = ws.pot;

  const flow = new Int32Array(m);
  for (let i = 0; i < m; i++) flow[i] = rc[2 * i + 1];
  let leftSupply = 0;
  let leftDemand = 0;
  for (let i = m; i < m + rArcs; i++) {
    if (tail[2 * i] === R) leftDemand += rc[2 * i + 1];
    else leftSupply += rc[2 * i + 1];
  }
  const cost = totalCost(net, flow);
  if (leftSupply === 0 && leftDemand === 0 && need === 0) {
    return { status: 'optimal', flow, cost, potential: pot.slice(0, n) };
  }
  return { status: 'infeasible', flow, cost, unrouted: Math.max(leftSupply, leftDemand) };
}

/** working state of the primal-dual method (module-level functions over it, not closures: V8 keeps them optimised
 * across calls); residual edge e is 2a (forward) / 2a + 1 (backward) of arc a, adj lists edges by tail (CSR) */
type PrimalDual = {
  readonly nodes: number;
  readonly source: number;
  readonly sink: number;
  readonly tail: Int32Array;
  readonly head: Int32Array;
  readonly rc: Float64Array;
  readonly rcost: Float64Array;
  readonly start: Int32Array;
  readonly adj: Int32Array;
  readonly pot: Float64Array;
  readonly dist: Float64Array;
  readonly done: Uint8Array;
  readonly level: Int32Array;
  readonly cur: Int32Array;
  readonly queue: Int32Array;
  readonly pathEdge: Int32Array;
  readonly heapKey: Float64Array;
  readonly heapNode: Int32Array;
};

/** Dijkstra on reduced costs from the source, stopped when the sink is settled; potentials += min(dist, dist(sink))
 * keeps every residual reduced cost ≥ 0 and makes the shortest paths to the sink zero-cost. */
function dijkstra(ws: PrimalDual): boolean {
  const { nodes: N, source: S, sink: T, head, rc, rcost, start, adj, pot, dist, done, heapKey, heapNode } = ws;
  dist.fill(Infinity);
  done.fill(0);
  let size = 0;
  dist[S] = 0;
  heapKey[0] = 0;
  heapNode[size++] = S;
  while (size > 0) {
    const k = heapKey[0];
    const u = heapNode[0];
    {
      const lk = heapKey[--size];
      const lv = heapNode[size];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && heapKey[c + 1] < heapKey[c]) c++;
        if (heapKey[c] >= lk) break;
        heapKey[i] = heapKey[c]; heapNode[i] = heapNode[c]; i = c;
      }
      heapKey[i] = lk; heapNode[i] = lv;
    }
    if (done[u] || k > dist[u]) continue;
    done[u] = 1;
    if (u === T) break;
    const pu = pot[u] + k;
    for (let i = start[u], end = start[u + 1]; i < end; i++) {
      const e = adj[i];
      if (rc[e] <= 0) continue;
      const v = head[e];
      if (done[v]) continue;
      const d = rcost[e] + pu - pot[v];
      if (d < dist[v]) {
        dist[v] = d;
        let j = size++;
        while (j > 0) {
          const p = (j - 1) >> 1;
          if (heapKey[p] <= d) break;
          heapKey[j] = heapKey[p]; heapNode[j] = heapNode[p]; j = p;
        }
        heapKey[j] = d; heapNode[j] = v;
      }
    }
  }
  if (!done[T]) return false;
  const dT = dist[T];
  for (let v = 0; v < N; v++) pot[v] += done[v] && dist[v] < dT ? dist[v] : dT;
  return true;
}

/** BFS levels from the source over admissible edges (residual, reduced cost 0); false when the sink is not reached */
function admissibleLevels(ws: PrimalDual): boolean {
  const { source: S, sink: T, tail, head, rc, rcost, start, adj, pot, level, queue } = ws;
  level.fill(-1);
  level[S] = 0;
  let qh = 0;
  let qt = 0;
  queue[qt++] = S;
  while (qh < qt) {
    const u = queue[qh++];
    for (let i = start[u], end = start[u + 1]; i < end; i++) {
      const e = adj[i];
      const v = head[e];
      if (level[v] < 0 && rc[e] > 0 && rcost[e] + pot[tail[e]] - pot[v] === 0) {
        level[v] = level[u] + 1;
        if (v === T) return true;
        queue[qt++] = v;
      }
    }
  }
  return false;
}

/** Dinic blocking flow on the admissible level graph (current-arc pointers, retreat to the first saturated edge) */
function blockingFlow(ws: PrimalDual): number {
  const { nodes: N, source: S, sink: T, tail, head, rc, rcost, start, adj, pot, level, cur, pathEdge } = ws;
  for (let v = 0; v < N; v++) cur[v] = start[v];
  const levelT = level[T];
  let pushed = 0;
  let depth = 0;
  let u = S;
  for (;;) {
    if (u === T) {
      let b = Infinity;
      for (let i = 0; i < depth; i++) if (rc[pathEdge[i]] < b) b = rc[pathEdge[i]];
      let first = -1;
      for (let i = 0; i < depth; i++) {
        const e = pathEdge[i];
        rc[e] -= b;
        rc[e ^ 1] += b;
        if (first < 0 && rc[e] === 0) first = i;
      }
      pushed += b;
      depth = first;
      u = tail[pathEdge[first]];
      continue;
    }
    let advanced = false;
    const want = level[u] + 1;
    for (const end = start[u + 1]; cur[u] < end; cur[u]++) {
      const e = adj[cur[u]];
      const v = head[e];
      if (level[v] === want && (want < levelT || v === T) && rc[e] > 0 && rcost[e] + pot[u] - pot[v] === 0) {
        pathEdge[depth++] = e;
        u = v;
        advanced = true;
        break;
      }
    }
    if (advanced) continue;
    level[u] = -1; // dead end this phase
    if (u === S) break;
    const e = pathEdge[--depth];
    u = tail[e];
    cur[u]++;
  }
  return pushed;
}

// ---------------------------------------------------------------------------------------------
// Primal network simplex with block-search pivoting on a strongly feasible spanning tree
// (after the design of LEMON's NetworkSimplex: parent / pred / thread / succNum / lastSucc tree arrays).
// An artificial root n is joined to every node by an arc of infinite capacity (supply node → root at cost 0,
// root → demand node at cost BIG), giving a first feasible tree. Returns null when some artificial arc still
// carries flow at the end (the supplies are infeasible) or the supplies do not sum to zero.

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1; // pred arc goes node → parent
const DIR_DOWN = -1; // pred arc goes parent → node

function networkSimplex(net: FlowNetwork, tuning: NetworkSimplexTuning = DEFAULT_NETWORK_SIMPLEX_TUNING): FlowResult | null {
  const n = net.nodeCount;
  const m = net.arcFrom.length;
  let supplySum = 0;
  for (let v = 0; v < n; v++) supplySum += net.supply[v];
  if (supplySum !== 0) return null;
  if (n === 0) return { status: 'optimal', flow: new Int32Array(0), cost: 0, potential: new Float64Array(0) };

  let maxAbsCost = 0;
  for (let a = 0; a < m; a++) maxAbsCost = Math.max(maxAbsCost, Math.abs(net.arcCost[a]));
  const artCost = (maxAbsCost + 1) * (n + 1); // more than any simple path costs

  const allArcs = m + n;
  const source = new Int32Array(allArcs);
  const target = new Int32Array(allArcs);
  const cap = new Float64Array(allArcs);
  const cost = new Float64Array(allArcs);
  const flow = new Float64Array(allArcs);
  const state = new Int8Array(allArcs);
  // arc mixing: internal position of arc a interleaves the arc list (stride ≈ m / n) so that each search block
  // samples arcs from all over the network instead of a few neighbouring nodes
  const position = new Int32Array(m);
  {
    const skip = tuning.mixing && n > 1 ? Math.max(Math.floor(m / n), 3) : 1;
    for (let a = 0, i = 0, j = 0; a < m; a++) {
      position[a] = i;
      if ((i += skip) >= m) i = ++j;
    }
  }
  for (let a = 0; a < m; a++) {
    const i = position[a];
    source[i] = net.arcFrom[a];
    target[i] = net.arcTo[a];
    cap[i] = net.arcCapacity[a];
    cost[i] = net.arcCost[a];
    state[i] = STATE_LOWER;
  }

  const nodes = n + 1;
  const root = n;
  const parent = new Int32Array(nodes);
  const pred = new Int32Array(nodes);
  const predDir = new Int8Array(nodes);
  const thread = new Int32Array(nodes);
  const revThread = new Int32Array(nodes);
  const succNum = new Int32Array(nodes);
  const lastSucc = new Int32Array(nodes);
  const pi = new Float64Array(nodes);
  const dirtyRevs = new Int32Array(nodes);

  parent[root] = -1;
  pred[root] = -1;
  thread[root] = 0;
  revThread[0] = root;
  succNum[root] = nodes;
  lastSucc[root] = root - 1;
  pi[root] = 0;
  for (let u = 0, e = m; u < n; u++, e++) {
    parent[u] = root;
    pred[u] = e;
    thread[u] = u + 1;
    revThread[u + 1] = u;
    succNum[u] = 1;
    lastSucc[u] = u;
    cap[e] = Infinity;
    state[e] = STATE_TREE;
    const s = net.supply[u];
    if (s >= 0) {
      predDir[u] = DIR_UP;
      pi[u] = 0;
      source[e] = u;
      target[e] = root;
      flow[e] = s;
      cost[e] = 0;
    } else {
      predDir[u] = DIR_DOWN;
      pi[u] = artCost;
      source[e] = root;
      target[e] = u;
      flow[e] = -s;
      cost[e] = artCost;
    }
  }

  const ws: Simplex = {
    source, target, cap, cost, flow, state, parent, pred, predDir, thread, revThread, succNum, lastSucc, pi, dirtyRevs,
    searchArcs: m,
    blockSize: Math.max(Math.ceil(tuning.blockFactor * Math.sqrt(m)), 10),
    nextArc: 0,
    inArc: -1, join: -1, uIn: -1, vIn: -1, uOut: -1, delta: 0,
  };
  // heuristic first pivots (no pricing search), then block-search pivots until no arc violates its bound
  const initial = tuning.initialPivots ? initialPivotArcs(net, position) : new Int32Array(0);
  for (let i = 0; i < initial.length; i++) {
    const e = initial[i];
    if (state[e] * (cost[e] + pi[source[e]] - pi[target[e]]) >= 0) continue;
    ws.inArc = e;
    pivot(ws);
  }
  while (findEnteringArc(ws)) pivot(ws);

  for (let e = m; e < allArcs; e++) if (flow[e] !== 0) return null;
  const out = new Int32Array(m);
  for (let a = 0; a < m; a++) out[a] = flow[position[a]];
  return { status: 'optimal', flow: out, cost: totalCost(net, out), potential: pi.slice(0, n) };
}

/** The simplex's working state: typed arrays of the arcs (real then artificial) and of the spanning tree,
 * plus the current pivot. Module-level functions over it (not closures) let V8 optimise each step on its own. */
type Simplex = {
  readonly source: Int32Array;
  readonly target: Int32Array;
  readonly cap: Float64Array;
  readonly cost: Float64Array;
  readonly flow: Float64Array;
  readonly state: Int8Array;
  readonly parent: Int32Array;
  readonly pred: Int32Array;
  readonly predDir: Int8Array;
  readonly thread: Int32Array;
  readonly revThread: Int32Array;
  readonly succNum: Int32Array;
  readonly lastSucc: Int32Array;
  readonly pi: Float64Array;
  readonly dirtyRevs: Int32Array;
  readonly searchArcs: number;
  readonly blockSize: number;
  nextArc: number;
  inArc: number;
  join: number;
  uIn: number;
  vIn: number;
  uOut: number;
  delta: number;
};

/** one pivot on ws.inArc: cycle, leaving arc, flow change, tree update, potentials */
function pivot(ws: Simplex): void {
  findJoinNode(ws);
  const change = findLeavingArc(ws);
  changeFlow(ws, change);
  if (change) {
    updateTreeStructure(ws);
    updatePotential(ws);
  }
}

/** block search: scan blockSize arcs at a time from where the last search stopped, take the most violating */
function findEnteringArc(ws: Simplex): boolean {
  const { state, cost, pi, source, target, searchArcs, blockSize } = ws;
  let min = 0;
  let inArc = -1;
  let cnt = blockSize;
  let e = ws.nextArc;
  for (; e < searchArcs; e++) {
    const c = state[e] * (cost[e] + pi[source[e]] - pi[target[e]]);
    if (c < min) { min = c; inArc = e; }
    if (--cnt === 0) {
      if (min < 0) { ws.inArc = inArc; ws.nextArc = e + 1 < searchArcs ? e + 1 : 0; return true; }
      cnt = blockSize;
    }
  }
  const stop = ws.nextArc;
  for (e = 0; e < stop; e++) {
    const c = state[e] * (cost[e] + pi[source[e]] - pi[target[e]]);
    if (c < min) { min = c; inArc = e; }
    if (--cnt === 0) {
      if (min < 0) { ws.inArc = inArc; ws.nextArc = e + 1; return true; }
      cnt = blockSize;
    }
  }
  if (min >= 0) return false;
  ws.inArc = inArc;
  return true;
}

function findJoinNode(ws: Simplex): void {
  const { succNum, parent } = ws;
  let u = ws.source[ws.inArc];
  let v = ws.target[ws.inArc];
  while (u !== v) {
    if (succNum[u] < succNum[v]) u = parent[u];
    else v = parent[v];
  }
  ws.join = u;
}

/** the leaving arc: the last blocking arc on the cycle in its orientation (keeps the tree strongly feasible);
 * false when the entering arc itself blocks (it just moves to its other bound) */
function findLeavingArc(ws: Simplex): boolean {
  const { state, source, target, cap, flow, parent, pred, predDir, join } = ws;
  const inArc = ws.inArc;
  let first: number;
  let second: number;
  if (state[inArc] === STATE_LOWER) { first = source[inArc]; second = target[inArc]; }
  else { first = target[inArc]; second = source[inArc]; }
  let delta = cap[inArc];
  let result = 0;
  let uOut = -1;
  for (let u = first; u !== join; u = parent[u]) {
    const e = pred[u];
    const d = predDir[u] === DIR_DOWN ? cap[e] - flow[e] : flow[e];
    if (d < delta) { delta = d; uOut = u; result = 1; }
  }
  for (let u = second; u !== join; u = parent[u]) {
    const e = pred[u];
    const d = predDir[u] === DIR_UP ? cap[e] - flow[e] : flow[e];
    if (d <= delta) { delta = d; uOut = u; result = 2; }
  }
  ws.delta = delta;
  ws.uOut = uOut;
  ws.uIn = result === 1 ? first : second;
  ws.vIn = result === 1 ? second : first;
  return result !== 0;
}

function changeFlow(ws: Simplex, change: boolean): void {
  const { state, flow, source, target, parent, pred, predDir, join, inArc, delta } = ws;
  if (delta > 0) {
    const val = state[inArc] * delta;
    flow[inArc] += val;
    for (let u = source[inArc]; u !== join; u = parent[u]) flow[pred[u]] -= predDir[u] * val;
    for (let u = target[inArc]; u !== join; u = parent[u]) flow[pred[u]] += predDir[u] * val;
  }
  if (change) {
    state[inArc] = STATE_TREE;
    const out = pred[ws.uOut];
    state[out] = flow[out] === 0 ? STATE_LOWER : STATE_UPPER;
  } else {
    state[inArc] = -state[inArc];
  }
}

/** re-hang the subtree: thread / revThread / parent / pred / succNum / lastSucc after the exchange */
function updateTreeStructure(ws: Simplex): void {
  const { parent, pred, predDir, thread, revThread, succNum, lastSucc, source, dirtyRevs, inArc, join, uIn, vIn, uOut } = ws;
  const oldRevThread = revThread[uOut];
  const oldSuccNum = succNum[uOut];
  const oldLastSucc = lastSucc[uOut];
  const vOut = parent[uOut];
  if (uIn === uOut) {
    parent[uIn] = vIn;
    pred[uIn] = inArc;
    predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
    if (thread[vIn] !== uOut) {
      let after = thread[oldLastSucc];
      thread[oldRevThread] = after;
      revThread[after] = oldRevThread;
      after = thread[vIn];
      thread[vIn] = uOut;
      revThread[uOut] = vIn;
      thread[oldLastSucc] = after;
      revThread[after] = oldLastSucc;
    }
  } else {
    const threadContinue = oldRevThread === vIn ? thread[oldLastSucc] : thread[vIn];
    let stem = uIn;
    let parStem = vIn;
    let last = lastSucc[uIn];
    let after = thread[last];
    thread[vIn] = uIn;
    let dirty = 0;
    dirtyRevs[dirty++] = vIn;
    while (stem !== uOut) {
      const nextStem = parent[stem];
      thread[last] = nextStem;
      dirtyRevs[dirty++] = last;
      const before = revThread[stem];
      thread[before] = after;
      revThread[after] = before;
      parent[stem] = parStem;
      parStem = stem;
      stem = nextStem;
      last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem] : lastSucc[stem];
      after = thread[last];
    }
    parent[uOut] = parStem;
    thread[last] = threadContinue;
    revThread[threadContinue] = last;
    lastSucc[uOut] = last;
    if (oldRevThread !== vIn) {
      thread[oldRevThread] = after;
      revThread[after] = oldRevThread;
    }
    for (let i = 0; i < dirty; i++) {
      const u = dirtyRevs[i];
      revThread[thread[u]] = u;
    }
    let tmpSc = 0;
    const tmpLs = lastSucc[uOut];
    for (let u = uOut, p = parent[u]; u !== uIn; u = p, p = parent[u]) {
      pred[u] = pred[p];
      predDir[u] = -predDir[p];
      tmpSc += succNum[u] - succNum[p];
      succNum[u] = tmpSc;
      lastSucc[p] = tmpLs;
    }
    pred[uIn] = inArc;
    predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
    succNum[uIn] = oldSuccNum;
  }
  const upLimitOut = lastSucc[join] === vIn ? join : -1;
  const lastSuccOut = lastSucc[uOut];
  for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]) lastSucc[u] = lastSuccOut;
  if (join !== oldRevThread && vIn !== oldRevThread) {
    for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = oldRevThread;
  } else if (lastSuccOut !== oldLastSucc) {
    for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = lastSuccOut;
  }
  for (let u = vIn; u !== join; u = parent[u]) succNum[u] += oldSuccNum;
  for (let u = vOut; u !== join; u = parent[u]) succNum[u] -= oldSuccNum;
}

/** shift the potentials of the re-hung subtree so the entering arc's reduced cost becomes 0 */
function updatePotential(ws: Simplex): void {
  const { pi, thread, lastSucc, predDir, cost, uIn, vIn, inArc } = ws;
  const sigma = pi[vIn] - pi[uIn] - predDir[uIn] * cost[inArc];
  const end = thread[lastSucc[uIn]];
  for (let u = uIn; u !== end; u = thread[u]) pi[u] += sigma;
}

/** Heuristic first pivots: the arcs of a shortest-path in-tree towards the demand nodes (reverse Dijkstra when
 * costs are non-negative, reverse BFS otherwise), nearest first — a cheap first basis that routes each supply
 * along its cheapest path before the pricing search starts. Returned as internal arc positions. */
function initialPivotArcs(net: FlowNetwork, position: Int32Array): Int32Array {
  const n = net.nodeCount;
  const m = net.arcFrom.length;
  const { arcFrom, arcTo, arcCapacity, arcCost } = net;
  let nonNegative = true;
  for (let a = 0; a < m; a++) if (arcCost[a] < 0) { nonNegative = false; break; }
  // in-arcs by head (CSR)
  const start = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) start[arcTo[a] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const inArc = new Int32Array(m);
  const fill = start.slice(0, n);
  for (let a = 0; a < m; a++) inArc[fill[arcTo[a]]++] = a;

  const dist = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  const best = new Int32Array(n).fill(-1);
  const out = new Int32Array(n);
  let outCount = 0;
  // binary heap with lazy deletion (at most one entry per relaxation), or a FIFO queue for hop counts
  const heapKey = new Float64Array(m + n + 1);
  const heapNode = new Int32Array(m + n + 1);
  let size = 0;
  let fifoHead = 0;
  for (let v = 0; v < n; v++) {
    if (net.supply[v] < 0) { dist[v] = 0; heapKey[size] = 0; heapNode[size++] = v; } // all keys 0: a valid heap
  }
  for (;;) {
    let v: number;
    if (nonNegative) {
      if (size === 0) break;
      v = heapNode[0];
      const k = heapKey[--size];
      const last = heapNode[size];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && heapKey[c + 1] < heapKey[c]) c++;
        if (heapKey[c] >= k) break;
        heapKey[i] = heapKey[c]; heapNode[i] = heapNode[c]; i = c;
      }
      heapKey[i] = k; heapNode[i] = last;
    } else {
      if (fifoHead === size) break;
      v = heapNode[fifoHead++];
    }
    if (done[v]) continue;
    done[v] = 1;
    if (best[v] >= 0) out[outCount++] = position[best[v]];
    const dv = dist[v];
    for (let i = start[v], end = start[v + 1]; i < end; i++) {
      const a = inArc[i];
      if (arcCapacity[a] <= 0) continue;
      const u = arcFrom[a];
      if (done[u]) continue;
      const d = nonNegative ? dv + arcCost[a] : dv + 1;
      if (d < dist[u]) {
        dist[u] = d;
        best[u] = a;
        if (nonNegative) {
          let j = size++;
          while (j > 0) {
            const p = (j - 1) >> 1;
            if (heapKey[p] <= d) break;
            heapKey[j] = heapKey[p]; heapNode[j] = heapNode[p]; j = p;
          }
          heapKey[j] = d; heapNode[j] = u;
        } else {
          heapNode[size++] = u;
        }
      }
    }
  }
  return out.subarray(0, outCount);
}

/** Internal knobs of the network simplex, exported for benchmarks/flow.bench.mjs only. */
export type NetworkSimplexTuning = { readonly blockFactor: number; readonly mixing: boolean; readonly initialPivots: boolean };
export const DEFAULT_NETWORK_SIMPLEX_TUNING: NetworkSimplexTuning = { blockFactor: 1, mixing: true, initialPivots: true };

// ---------------------------------------------------------------------------------------------
// Cost-scaling push-relabel (Goldberg): costs × (n + 1); from a feasible flow (Dinic max flow from a super
// source), each refine phase divides ε by ALPHA, saturates every residual arc with negative reduced cost and
// discharges the excesses (FIFO, current arc, relabel p(u) = max(p(v) − c(u,v)) − ε) until none is left. At ε = 1
// the flow is optimal; exact integer duals are then recovered by label correcting from the rounded prices.
// Returns null when the supplies cannot all be routed (the caller falls back to primal-dual for that case).

const ALPHA = 16;

function costScaling(net: FlowNetwork): FlowResult | null {
  const n = net.nodeCount;
  const m = net.arcFrom.length;
  let supplySum = 0;
  let need = 0;
  let ends = 0;
  for (let v = 0; v < n; v++) {
    const s = net.supply[v];
    supplySum += s;
    if (s !== 0) ends++;
    if (s > 0) need += s;
  }
  if (supplySum !== 0) return null;
  const S = n;
  const T = n + 1;
  const N = n + 2;
  const E = 2 * (m + ends);

  // CSR residual graph: edges of node u are first[u] .. first[u+1]-1; rev[e] is the opposite edge
  const first = new Int32Array(N + 1);
  for (let a = 0; a < m; a++) { first[net.arcFrom[a] + 1]++; first[net.arcTo[a] + 1]++; }
  for (let v = 0; v < n; v++) {
    const s = net.supply[v];
    if (s > 0) { first[S + 1]++; first[v + 1]++; }
    else if (s < 0) { first[v + 1]++; first[T + 1]++; }
  }
  for (let v = 0; v < N; v++) first[v + 1] += first[v];
  const fill = first.slice(0, N);
  const head = new Int32Array(E);
  const rev = new Int32Array(E);
  const rcap = new Float64Array(E);
  const cost = new Float64Array(E);
  const arcEdge = new Int32Array(m); // forward edge of arc a
  const scale = N + 1;
  let maxCost = 0;
  for (let a = 0; a < m; a++) {
    const u = net.arcFrom[a];
    const v = net.arcTo[a];
    const c = net.arcCost[a] * scale;
    const e = fill[u]++;
    const r = fill[v]++;
    head[e] = v; rev[e] = r; rcap[e] = net.arcCapacity[a]; cost[e] = c;
    head[r] = u; rev[r] = e; rcap[r] = 0; cost[r] = -c;
    arcEdge[a] = e;
    if (net.arcCapacity[a] > 0 && Math.abs(c) > maxCost) maxCost = Math.abs(c);
  }
  for (let v = 0; v < n; v++) {
    const s = net.supply[v];
    if (s === 0) continue;
    const u = s > 0 ? S : v;
    const w = s > 0 ? v : T;
    const e = fill[u]++;
    const r = fill[w]++;
    head[e] = w; rev[e] = r; rcap[e] = Math.abs(s); cost[e] = 0;
    head[r] = u; rev[r] = e; rcap[r] = 0; cost[r] = 0;
  }

  const g: Residual = { nodes: N, first, head, rev, rcap, cost };

  // 1. a feasible flow: Dinic from S to T; then the super source and sink are done with (frozen)
  if (maxFlow(g, S, T) < need) return null;
  for (const x of [S, T]) {
    for (let e = first[x], end = first[x + 1]; e < end; e++) { rcap[e] = 0; rcap[rev[e]] = 0; }
  }

  // 2. ε-scaling refine phases
  const w: Refine = {
    g,
    realNodes: n,
    eps: maxCost,
    price: new Float64Array(N),
    excess: new Float64Array(N),
    cur: new Int32Array(N),
    fifo: new Int32Array(N),
    inQueue: new Uint8Array(N),
    qh: 0, qt: 0, count: 0,
    relabels: 0,
    maxRank: ALPHA * N,
    rank: new Int32Array(N),
    bucket: new Int32Array(ALPHA * N + 1),
    bucketNext: new Int32Array(N + 1),
    bucketPrev: new Int32Array(N + 1),
  };
  const globalUpdateSkip = Math.max(N, 64);
  while (w.eps > 1) {
    w.eps = Math.max(1, Math.floor(w.eps / ALPHA));
    saturateNegative(w);
    w.relabels = globalUpdateSkip; // a global update first
    while (w.count > 0) {
      if (w.relabels >= globalUpdateSkip) {
        w.relabels = 0;
        globalUpdate(w);
      }
      const u = w.fifo[w.qh];
      w.qh = w.qh + 1 === N ? 0 : w.qh + 1;
      w.count--;
      w.inQueue[u] = 0;
      discharge(w, u);
    }
  }

  // 3. exact duals for the original costs
  const pot = exactDuals(g, w.price, n, scale);
  const flow = new Int32Array(m);
  for (let a = 0; a < m; a++) flow[a] = rcap[rev[arcEdge[a]]];
  return { status: 'optimal', flow, cost: totalCost(net, flow), potential: pot };
}

/** residual graph in CSR form: the edges of node u are first[u] … first[u + 1] − 1, rev[e] the opposite edge */
type Residual = {
  readonly nodes: number;
  readonly first: Int32Array;
  readonly head: Int32Array;
  readonly rev: Int32Array;
  readonly rcap: Float64Array;
  readonly cost: Float64Array;
};

/** Dinic max flow from s to t on the residual capacities (changed in place); returns the flow value */
function maxFlow(g: Residual, s: number, t: number): number {
  const { nodes: N, first, head, rev, rcap } = g;
  const level = new Int32Array(N);
  const cur = new Int32Array(N);
  const queue = new Int32Array(N);
  const pathEdge = new Int32Array(N);
  let routed = 0;
  for (;;) {
    level.fill(-1);
    level[s] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = s;
    while (qh < qt) {
      const u = queue[qh++];
      for (let e = first[u], end = first[u + 1]; e < end; e++) {
        const v = head[e];
        if (level[v] < 0 && rcap[e] > 0) { level[v] = level[u] + 1; queue[qt++] = v; }
      }
    }
    if (level[t] < 0) return routed;
    for (let v = 0; v < N; v++) cur[v] = first[v];
    let depth = 0;
    let u = s;
    for (;;) {
      if (u === t) {
        let b = Infinity;
        for (let i = 0; i < depth; i++) if (rcap[pathEdge[i]] < b) b = rcap[pathEdge[i]];
        let firstSat = -1;
        for (let i = 0; i < depth; i++) {
          const e = pathEdge[i];
          rcap[e] -= b;
          rcap[rev[e]] += b;
          if (firstSat < 0 && rcap[e] === 0) firstSat = i;
        }
        routed += b;
        depth = firstSat;
        u = firstSat === 0 ? s : head[pathEdge[firstSat - 1]];
        continue;
      }
      let advanced = false;
      for (const end = first[u + 1]; cur[u] < end; cur[u]++) {
        const e = cur[u];
        const v = head[e];
        if (rcap[e] > 0 && level[v] === level[u] + 1) {
          pathEdge[depth++] = e;
          u = v;
          advanced = true;
          break;
        }
      }
      if (advanced) continue;
      level[u] = -1;
      if (u === s) break;
      depth--;
      u = depth === 0 ? s : head[pathEdge[depth - 1]];
      cur[u]++;
    }
  }
}

/** working state of the refine phases: prices, excesses, the FIFO of active nodes, global-update buckets */
type Refine = {
  readonly g: Residual;
  readonly realNodes: number;
  eps: number;
  readonly price: Float64Array;
  readonly excess: Float64Array;
  readonly cur: Int32Array;
  readonly fifo: Int32Array;
  readonly inQueue: Uint8Array;
  qh: number;
  qt: number;
  count: number;
  relabels: number;
  readonly maxRank: number;
  readonly rank: Int32Array;
  readonly bucket: Int32Array;
  readonly bucketNext: Int32Array;
  readonly bucketPrev: Int32Array;
};

/** start of a refine phase: saturate every residual arc with negative reduced cost, queue the active nodes */
function saturateNegative(w: Refine): void {
  const { first, head, rev, rcap, cost, nodes: N } = w.g;
  const { price, excess, cur, fifo, inQueue } = w;
  const n = w.realNodes;
  for (let u = 0; u < n; u++) {
    const pu = price[u];
    for (let e = first[u], end = first[u + 1]; e < end; e++) {
      const c = rcap[e];
      if (c > 0 && cost[e] + pu - price[head[e]] < 0) {
        rcap[e] = 0;
        rcap[rev[e]] += c;
        excess[u] -= c;
        excess[head[e]] += c;
      }
    }
  }
  let qt = 0;
  let count = 0;
  for (let u = 0; u < n; u++) {
    cur[u] = first[u];
    if (excess[u] > 0) { fifo[qt] = u; qt = qt + 1 === N ? 0 : qt + 1; count++; inQueue[u] = 1; }
  }
  w.qh = 0;
  w.qt = qt;
  w.count = count;
}

/** push the excess of u along admissible arcs (reduced cost < 0), relabelling p(u) = max(p(v) − c(u,v)) − ε
 * whenever none is left */
function discharge(w: Refine, u: number): void {
  const { first, head, rev, rcap, cost, nodes: N } = w.g;
  const { price, excess, cur, fifo, inQueue, eps } = w;
  let ex = excess[u];
  const end = first[u + 1];
  while (ex > 0) {
    const pu = price[u];
    let e = cur[u];
    for (; e < end; e++) {
      const c = rcap[e];
      if (c <= 0) continue;
      const v = head[e];
      if (cost[e] + pu - price[v] < 0) {
        const d = ex < c ? ex : c;
        rcap[e] = c - d;
        rcap[rev[e]] += d;
        ex -= d;
        const before = excess[v];
        excess[v] = before + d;
        if (before <= 0 && before + d > 0 && inQueue[v] === 0) {
          fifo[w.qt] = v;
          w.qt = w.qt + 1 === N ? 0 : w.qt + 1;
          w.count++;
          inQueue[v] = 1;
        }
        if (ex === 0) break;
      }
    }
    cur[u] = e;
    if (ex > 0) {
      let best = -Infinity;
      for (let f = first[u]; f < end; f++) {
        if (rcap[f] > 0) {
          const x = price[head[f]] - cost[f];
          if (x > best) best = x;
        }
      }
      price[u] = best - eps;
      cur[u] = first[u];
      w.relabels++;
    }
  }
  excess[u] = 0;
}

/** global price update: bucket search from the deficit nodes backwards over residual arcs (lengths in units of
 * ε), then lower each node's price by ε × its rank, so admissible paths lead every excess to a deficit */
function globalUpdate(w: Refine): void {
  const { first, head, rev, rcap, cost } = w.g;
  const { price, excess, cur, rank, bucket, bucketNext, bucketPrev, maxRank, eps } = w;
  const n = w.realNodes;
  const bucketEnd = w.g.nodes;
  for (let r = 0; r <= maxRank; r++) bucket[r] = bucketEnd;
  let totalExcess = 0;
  let b0 = bucketEnd;
  for (let u = 0; u < n; u++) {
    if (excess[u] < 0) {
      rank[u] = 0;
      bucketNext[u] = b0;
      bucketPrev[b0] = u;
      b0 = u;
    } else {
      totalExcess += excess[u];
      rank[u] = maxRank;
    }
  }
  bucket[0] = b0;
  let r = 0;
  for (; r < maxRank && totalExcess > 0; r++) {
    while (bucket[r] !== bucketEnd) {
      const u = bucket[r];
      bucket[r] = bucketNext[u];
      const pu = price[u];
      for (let e = first[u], end = first[u + 1]; e < end; e++) {
        const ra = rev[e];
        if (rcap[ra] <= 0) continue;
        const v = head[e];
        const oldRank = rank[v];
        if (r >= oldRank) continue;
        const nrc = Math.trunc((cost[ra] + price[v] - pu) / eps);
        const newRank = nrc < maxRank ? r + 1 + nrc : oldRank;
        if (newRank < oldRank) {
          rank[v] = newRank;
          if (oldRank < maxRank) {
            if (bucket[oldRank] === v) bucket[oldRank] = bucketNext[v];
            else {
              const pv = bucketPrev[v];
              const nv = bucketNext[v];
              bucketNext[pv] = nv;
              bucketPrev[nv] = pv;
            }
          }
          const nv = bucket[newRank];
          bucketNext[v] = nv;
          bucketPrev[nv] = v;
          bucket[newRank] = v;
        }
      }
      if (excess[u] > 0) {
        totalExcess -= excess[u];
        if (totalExcess <= 0) break;
      }
    }
    if (totalExcess <= 0) break;
  }
  for (let u = 0; u < n; u++) {
    const k = rank[u] < r ? rank[u] : r;
    if (k > 0) {
      price[u] -= eps * k;
      cur[u] = first[u];
    }
  }
}

/** exact integer duals for the original costs from ε = 1 prices: round, then label-correct (FIFO Bellman–Ford;
 * the residual graph of an optimal flow has no negative cycle, so this ends) */
function exactDuals(g: Residual, price: Float64Array, n: number, scale: number): Float64Array {
  const { first, head, rcap, cost, nodes: N } = g;
  const pot = new Float64Array(n);
  for (let v = 0; v < n; v++) pot[v] = Math.round(price[v] / scale);
  const fifo = new Int32Array(N);
  const inQueue = new Uint8Array(N);
  let qh = 0;
  let qt = 0;
  let count = 0;
  for (let v = 0; v < n; v++) { fifo[qt++] = v; inQueue[v] = 1; count++; }
  if (qt === N) qt = 0;
  while (count > 0) {
    const u = fifo[qh];
    qh = qh + 1 === N ? 0 : qh + 1;
    count--;
    inQueue[u] = 0;
    const pu = pot[u];
    for (let e = first[u], end = first[u + 1]; e < end; e++) {
      if (rcap[e] <= 0) continue;
      const v = head[e];
      const d = pu + cost[e] / scale;
      if (d < pot[v]) {
        pot[v] = d;
        if (inQueue[v] === 0) { fifo[qt] = v; qt = qt + 1 === N ? 0 : qt + 1; count++; inQueue[v] = 1; }
      }
    }
  }
  return pot;
}

// ---------------------------------------------------------------------------------------------
// Certificate checker.

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Checks an 'optimal' result: capacities, conservation, the reported cost, and complementary slackness of
 * the potentials (reduced cost ≥ 0 where flow < capacity, ≤ 0 where flow > 0). ok ⇒ the flow is optimal. */
export function verifyOptimal(net: FlowNetwork, result: FlowResult): VerifyResult {
  if (result.status !== 'optimal') return { ok: false, reason: `status is ${result.status}` };
  const n = net.nodeCount;
  const m = net.arcFrom.length;
  const { flow, potential } = result;
  if (flow.length !== m) return { ok: false, reason: `flow has ${flow.length} entries, network has ${m} arcs` };
  if (potential.length !== n) return { ok: false, reason: `potential has ${potential.length} entries, network has ${n} nodes` };
  const balance = new Float64Array(n);
  let cost = 0;
  for (let a = 0; a < m; a++) {
    const f = flow[a];
    const cap = net.arcCapacity[a];
    if (f < 0 || f > cap) return { ok: false, reason: `arc ${a}: flow ${f} outside [0, ${cap}]` };
    const u = net.arcFrom[a];
    const v = net.arcTo[a];
    balance[u] += f;
    balance[v] -= f;
    cost += f * net.arcCost[a];
    const reduced = net.arcCost[a] + potential[u] - potential[v];
    if (!Number.isFinite(reduced)) return { ok: false, reason: `arc ${a}: reduced cost is not finite` };
    if (f < cap && reduced < 0) return { ok: false, reason: `arc ${a}: flow ${f} < capacity ${cap} but reduced cost ${reduced} < 0` };
    if (f > 0 && reduced > 0) return { ok: false, reason: `arc ${a}: flow ${f} > 0 but reduced cost ${reduced} > 0` };
  }
  for (let v = 0; v < n; v++) {
    if (balance[v] !== net.supply[v]) return { ok: false, reason: `node ${v}: net outflow ${balance[v]} ≠ supply ${net.supply[v]}` };
  }
  if (cost !== result.cost) return { ok: false, reason: `reported cost ${result.cost} ≠ recomputed ${cost}` };
  return { ok: true };
}
