/**
 * HDBSCAN (Campello, Moulavi, Sander 2013; McInnes, Healy, Astels 2017), exact and in memory, for the few
 * dimensions UMAP leaves: core distances → Prim's minimum spanning tree of the mutual-reachability graph →
 * single-linkage tree → condensed tree (min_cluster_size) → excess-of-mass selection → labels, membership strengths.
 * O(n²·d) time and O(n) memory beyond the points: 10,000 points in 5 dimensions take about a second.
 * npm has no correct one (stack notes), hence this module; conventions follow the reference implementation
 * (scikit-learn / hdbscan): the core distance is the distance to the min_samples-th nearest point counting the point
 * itself, stabilities and membership use λ = 1 / distance.
 */

export interface HdbscanOptions {
  /** Smallest group of points that counts as a cluster (≥ 2). */
  minClusterSize: number;
  /** Neighbours (the point included) that define a point's core distance; defaults to minClusterSize. */
  minSamples?: number;
  /** Let the root (all points) be chosen as the one cluster; off by default as in the reference implementation. */
  allowSingleCluster?: boolean;
}

export interface HdbscanResult {
  /** Cluster index per point (0…clusterCount-1, ordered by first member), -1 for noise. */
  labels: Int32Array;
  /** Membership strength per point in [0, 1] (0 for noise). */
  probabilities: Float64Array;
  clusterCount: number;
}

// Identical points have distance 0 (λ infinite): a floor keeps stabilities finite and still dominant.
const MIN_DISTANCE = 1e-10;

/**
 * The points in one Float64Array, row after row: the O(n²) loops below then read contiguous memory of one type
 * (UMAP's rows are number[] or typed subarrays) — 10,000 points in 5 dimensions several times faster.
 */
function packed(points: readonly ArrayLike<number>[]): { flat: Float64Array; d: number } {
  const d = points[0]?.length ?? 0;
  const flat = new Float64Array(points.length * d);
  points.forEach((p, i) => {
    for (let c = 0; c < d; c++) flat[i * d + c] = p[c]!;
  });
  return { flat, d };
}

/** Squared Euclidean distance between rows i and j of `flat` (dimensions summed in order). */
function squaredDistance(flat: Float64Array, d: number, i: number, j: number): number {
  let s = 0;
  const a = i * d;
  const b = j * d;
  for (let c = 0; c < d; c++) {
    const x = flat[a + c]! - flat[b + c]!;
    s += x * x;
  }
  return s;
}

/** Distance to the k-th nearest point, the point itself counting as the first (k = 1 → 0). */
export function coreDistances(points: readonly ArrayLike<number>[], k: number): Float64Array {
  const n = points.length;
  const core = new Float64Array(n);
  const others = Math.min(k - 1, n - 1);
  if (others <= 0) return core;
  const { flat, d: dims } = packed(points);
  // Each point's `others` smallest squared distances so far, kept sorted ascending (k is small). A pair's distance
  // is the same both ways ((a − b)² = (b − a)²), so each pair is measured once for both points. √ is monotone and
  // correctly rounded: the root of the k-th smallest square is the k-th smallest distance, to the bit.
  const best = new Float64Array(n * others).fill(Infinity);
  const keep = (i: number, d: number) => {
    const base = i * others;
    if (d >= best[base + others - 1]!) return;
    let pos = others - 1;
    while (pos > 0 && best[base + pos - 1]! > d) {
      best[base + pos] = best[base + pos - 1]!;
      pos--;
    }
    best[base + pos] = d;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = squaredDistance(flat, dims, i, j);
      keep(i, d);
      keep(j, d);
    }
    core[i] = Math.sqrt(best[i * others + others - 1]!);
  }
  return core;
}

/** Prim's algorithm on the dense mutual-reachability graph: n-1 edges (a, b, weight), unsorted. */
export function mutualReachabilityMst(points: readonly ArrayLike<number>[], core: Float64Array): { a: Int32Array; b: Int32Array; w: Float64Array } {
  const n = points.length;
  const a = new Int32Array(Math.max(n - 1, 0));
  const b = new Int32Array(Math.max(n - 1, 0));
  const w = new Float64Array(Math.max(n - 1, 0));
  if (n < 2) return { a, b, w };
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const from = new Int32Array(n);
  const { flat, d: dims } = packed(points);
  let current = 0;
  inTree[0] = 1;
  for (let e = 0; e < n - 1; e++) {
    const cc = core[current]!;
    let next = -1;
    let nextW = Infinity;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const mr = Math.max(Math.sqrt(squaredDistance(flat, dims, current, j)), cc, core[j]!);
      if (mr < best[j]!) {
        best[j] = mr;
        from[j] = current;
      }
      if (best[j]! < nextW) {
        nextW = best[j]!;
        next = j;
      }
    }
    a[e] = from[next]!;
    b[e] = next;
    w[e] = nextW;
    inTree[next] = 1;
    current = next;
  }
  return { a, b, w };
}

/**
 * Single-linkage tree (scipy layout): merge i creates node n+i from `left`/`right` at `distance` with `size` points.
 */
export function singleLinkage(n: number, mst: { a: Int32Array; b: Int32Array; w: Float64Array }) {
  const m = mst.w.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => mst.w[x]! - mst.w[y]! || x - y);
  const parent = new Int32Array(2 * n - 1).map((_, i) => i);
  const size = new Int32Array(2 * n - 1).fill(1);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[x] !== r) {
      const nx = parent[x]!;
      parent[x] = r;
      x = nx;
    }
    return r;
  };
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const dist = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const e = order[i]!;
    const ra = find(mst.a[e]!);
    const rb = find(mst.b[e]!);
    const node = n + i;
    left[i] = ra;
    right[i] = rb;
    dist[i] = mst.w[e]!;
    parent[ra] = node;
    parent[rb] = node;
    size[node] = size[ra]! + size[rb]!;
  }
  return { left, right, dist, size };
}

/** One row of the condensed tree: `child` (a point < n, or a cluster ≥ n) leaves `parent` at density `lambda`. */
export interface CondensedEdge {
  parent: number;
  child: number;
  lambda: number;
  size: number;
}

export function condenseTree(n: number, tree: ReturnType<typeof singleLinkage>, minClusterSize: number): CondensedEdge[] {
  const out: CondensedEdge[] = [];
  if (n < 2) return out;
  const root = 2 * n - 2;
  const relabel = new Int32Array(2 * n - 1);
  relabel[root] = n;
  let nextLabel = n + 1;
  const ignore = new Uint8Array(2 * n - 1);
  const sizeOf = (node: number) => (node < n ? 1 : tree.size[node]!);
  const leavesOf = (node: number): number[] => {
    const leaves: number[] = [];
    const stack = [node];
    while (stack.length) {
      const x = stack.pop()!;
      ignore[x] = 1;
      if (x < n) leaves.push(x);
      else stack.push(tree.left[x - n]!, tree.right[x - n]!);
    }
    return leaves;
  };
  // Breadth first from the root, so a node is visited after the node whose label it inherits.
  const queue = [root];
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi]!;
    if (node < n) continue;
    const l = tree.left[node - n]!;
    const r = tree.right[node - n]!;
    queue.push(l, r);
    if (ignore[node]) continue;
    const lambda = 1 / Math.max(tree.dist[node - n]!, MIN_DISTANCE);
    const label = relabel[node]!;
    const ls = sizeOf(l);
    const rs = sizeOf(r);
    if (ls >= minClusterSize && rs >= minClusterSize) {
      // A true split: two new clusters are born.
      relabel[l] = nextLabel++;
      out.push({ parent: label, child: relabel[l]!, lambda, size: ls });
      relabel[r] = nextLabel++;
      out.push({ parent: label, child: relabel[r]!, lambda, size: rs });
    } else {
      // Small sides are points falling out of the cluster; a big side (at most one) carries the cluster on.
      for (const [side, size] of [
        [l, ls],
        [r, rs],
      ] as const) {
        if (size >= minClusterSize) relabel[side] = label;
        else for (const leaf of leavesOf(side)) out.push({ parent: label, child: leaf, lambda, size: 1 });
      }
    }
  }
  return out;
}

/** Excess of mass: each cluster's stability Σ (λ_leave − λ_birth)·size; keep a cluster unless its children hold more. */
export function selectClusters(n: number, condensed: CondensedEdge[], allowSingleCluster: boolean): Set<number> {
  let maxLabel = n;
  for (const e of condensed) if (e.child > maxLabel) maxLabel = e.child;
  const count = maxLabel - n + 1;
  const birth = new Float64Array(count);
  const stability = new Float64Array(count);
  const children: number[][] = Array.from({ length: count }, () => []);
  for (const e of condensed) if (e.child >= n) {
    birth[e.child - n] = e.lambda;
    children[e.parent - n]!.push(e.child);
  }
  for (const e of condensed) stability[e.parent - n]! += (e.lambda - birth[e.parent - n]!) * e.size;
  const selected = new Uint8Array(count);
  const deselectBelow = (c: number) => {
    const stack = [...children[c - n]!];
    while (stack.length) {
      const x = stack.pop()!;
      selected[x - n] = 0;
      stack.push(...children[x - n]!);
    }
  };
  // Children have larger labels than their parent: descending order is bottom-up.
  const last = allowSingleCluster ? n : n + 1;
  for (let c = maxLabel; c >= last; c--) {
    const subtree = children[c - n]!.reduce((s, ch) => s + stability[ch - n]!, 0);
    if (children[c - n]!.length && subtree > stability[c - n]!) {
      stability[c - n] = subtree;
    } else {
      selected[c - n] = 1;
      deselectBelow(c);
    }
  }
  const result = new Set<number>();
  for (let i = 0; i < count; i++) if (selected[i]) result.add(n + i);
  return result;
}

export function hdbscan(points: readonly ArrayLike<number>[], options: HdbscanOptions): HdbscanResult {
  const n = points.length;
  const minClusterSize = Math.max(2, Math.floor(options.minClusterSize));
  const minSamples = Math.max(1, Math.floor(options.minSamples ?? minClusterSize));
  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float64Array(n);
  if (n < minClusterSize || n < 2) return { labels, probabilities, clusterCount: 0 };

  const core = coreDistances(points, minSamples);
  const tree = singleLinkage(n, mutualReachabilityMst(points, core));
  const condensed = condenseTree(n, tree, minClusterSize);
  const selected = selectClusters(n, condensed, options.allowSingleCluster ?? false);

  // Each condensed cluster's chosen ancestor (itself included), top-down: parents have smaller labels.
  let maxLabel = n;
  const parentOf = new Map<number, number>();
  for (const e of condensed) if (e.child >= n) {
    parentOf.set(e.child, e.parent);
    if (e.child > maxLabel) maxLabel = e.child;
  }
  const chosen = new Int32Array(maxLabel - n + 1).fill(-1);
  for (let c = n; c <= maxLabel; c++) {
    if (selected.has(c)) chosen[c - n] = c;
    else if (c !== n) chosen[c - n] = chosen[parentOf.get(c)! - n]!;
  }

  const pointLambda = new Float64Array(n);
  const pointCluster = new Int32Array(n).fill(-1);
  const maxLambda = new Map<number, number>();
  for (const e of condensed) {
    if (e.child >= n) continue;
    const c = chosen[e.parent - n]!;
    if (c < 0) continue;
    pointCluster[e.child] = c;
    pointLambda[e.child] = e.lambda;
    maxLambda.set(c, Math.max(maxLambda.get(c) ?? 0, e.lambda));
  }
  // Stable numbering: clusters in the order of their first member.
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = pointCluster[i]!;
    if (c < 0) continue;
    if (!index.has(c)) index.set(c, index.size);
    labels[i] = index.get(c)!;
    const max = maxLambda.get(c)!;
    probabilities[i] = max > 0 ? Math.min(pointLambda[i]!, max) / max : 1;
  }
  return { labels, probabilities, clusterCount: index.size };
}
