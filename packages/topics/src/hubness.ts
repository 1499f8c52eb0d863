/**
 * Hubness reduction of UMAP's neighbour lists (measured, switch `SILLAGE_HUB`): in high dimensions a few rows
 * ("hubs") are among the nearest neighbours of very many others, which joins unrelated texts through them.
 * Both re-rank 2k candidates from the usual neighbour search and keep k:
 * - `csls` (Conneau et al. 2018): 2·cos(x, y) − r(x) − r(y), r = mean cosine to its k nearest candidates;
 * - `csls-rank`: the same neighbours, each kept at its own distance;
 * - `mp`: mutual proximity (re-ranking only), Gaussian (Schnitzer et al. 2012): 1 − P(X > d)·P(Y > d), each row's distances to the
 *   others modelled by a normal law fitted on a fixed sample of rows.
 */
import { umapNeighbours, type Neighbours } from "./neighbours";
import { dotProduct } from "./reduce";

const MP_SAMPLE = 200;

export function hubnessReducedNeighbours(rows: readonly Float64Array[], k: number, random: () => number, method: string): Neighbours {
  const n = rows.length;
  const candidates = umapNeighbours(rows, Math.min(n, 2 * k), random);
  // Rows are L2-normalised: d² = 2 − 2 cos.
  const cosine = (d: number) => 1 - (d * d) / 2;
  let score: (x: number, y: number, d: number) => number;
  if (method === "csls" || method === "csls-rank") {
    const r = candidates.indices.map((ind, x) => {
      let s = 0;
      let c = 0;
      for (let j = 0; j < ind.length && c < k; j++) {
        if (ind[j] === x || ind[j]! < 0) continue;
        s += cosine(candidates.distances[x]![j]!);
        c++;
      }
      return c ? s / c : 0;
    });
    // A distance: half CSLS's dissimilarity (r(x) is the same for all of x's candidates, kept for symmetry).
    score = (x, y, d) => 1 - cosine(d) + (r[x]! + r[y]!) / 2;
  } else if (method === "mp") {
    const mean = new Float64Array(n);
    const sd = new Float64Array(n);
    const m = Math.min(MP_SAMPLE, n - 1);
    for (let x = 0; x < n; x++) {
      let s = 0;
      let s2 = 0;
      for (let t = 0; t < m; t++) {
        // A fixed spread of other rows (no generator: UMAP's stays where it was).
        const y = (x + 1 + Math.floor((t * (n - 1)) / m)) % n;
        const d = Math.sqrt(Math.max(0, 2 - 2 * dotProduct(rows[x]!, rows[y]!)));
        s += d;
        s2 += d * d;
      }
      mean[x] = s / m;
      sd[x] = Math.sqrt(Math.max(1e-12, s2 / m - (s / m) ** 2));
    }
    score = (x, y, d) => {
      const px = normalCdf((d - mean[x]!) / sd[x]!);
      const py = normalCdf((d - mean[y]!) / sd[y]!);
      return px + py - px * py;
    };
  } else throw new Error(`unknown hubness method ${method}`);
  const indices: number[][] = [];
  const distances: number[][] = [];
  candidates.indices.forEach((ind, x) => {
    const scored = ind
      .map((y, j) => {
        const d = candidates.distances[x]![j]!;
        return { y, d, s: y === x ? -Infinity : y < 0 ? Infinity : score(x, y, d) };
      })
      .sort((a, b) => a.s - b.s || a.y - b.y)
      .slice(0, k);
    indices.push(scored.map((e) => e.y));
    // CSLS's dissimilarity is on the cosine's scale; mutual proximity's (down to 10⁻²⁰) would defeat UMAP's search
    // for each row's bandwidth, so with it (and with `csls-rank`) the kept neighbours keep their own distances.
    distances.push(scored.map((e) => (e.y === x ? 0 : method === "csls" ? e.s : e.d)));
  });
  return { indices, distances };
}

/** Φ(z) through erfc (Numerical Recipes' erfcc: fractional error < 1.2·10⁻⁷ everywhere, so far tails keep their order). */
function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
