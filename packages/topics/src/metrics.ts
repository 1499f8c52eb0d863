/**
 * Agreement between found topics and known labels, for the benchmark and quality checks. Noise (-1) counts as one
 * more group of its own, so putting points in noise is never free.
 * NMI: arithmetic-mean normalisation (scikit-learn's default). ARI: Hubert and Arabie's adjusted Rand index.
 * Homogeneity and completeness (Rosenberg and Hirschberg 2007) say which way NMI is lost: a topic mixing labels lowers
 * homogeneity, a label spread over several topics lowers completeness (NMI is their harmonic mean).
 */

function contingency(a: readonly (string | number)[], b: readonly (string | number)[]) {
  const table = new Map<string, number>();
  const rows = new Map<string | number, number>();
  const cols = new Map<string | number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  return { table, rows, cols };
}

export function normalizedMutualInformation(truth: readonly (string | number)[], found: readonly (string | number)[]): number {
  const n = truth.length;
  if (n === 0) return 1;
  const { table, rows, cols } = contingency(truth, found);
  const entropy = (m: Map<string | number, number>) => {
    let h = 0;
    for (const c of m.values()) h -= (c / n) * Math.log(c / n);
    return h;
  };
  const ha = entropy(rows);
  const hb = entropy(cols);
  if (ha === 0 && hb === 0) return 1;
  let mi = 0;
  for (const [key, c] of table) {
    const [x, y] = key.split("\u0000") as [string, string];
    const ra = rows.get(rowKey(rows, x))!;
    const cb = cols.get(rowKey(cols, y))!;
    mi += (c / n) * Math.log((c * n) / (ra * cb));
  }
  const denom = (ha + hb) / 2;
  return denom > 0 ? Math.max(0, mi / denom) : 0;
}

/** Homogeneity 1 − H(truth | found) / H(truth), completeness 1 − H(found | truth) / H(found); 1 when an entropy is 0. */
export function homogeneityCompleteness(truth: readonly (string | number)[], found: readonly (string | number)[]): { homogeneity: number; completeness: number } {
  const n = truth.length;
  const { table, rows, cols } = contingency(truth, found);
  const entropy = (counts: Iterable<number>) => {
    let h = 0;
    for (const c of counts) h -= (c / n) * Math.log(c / n);
    return h;
  };
  const hTruth = entropy(rows.values());
  const hFound = entropy(cols.values());
  const hJoint = entropy(table.values());
  return {
    homogeneity: hTruth > 0 ? 1 - (hJoint - hFound) / hTruth : 1,
    completeness: hFound > 0 ? 1 - (hJoint - hTruth) / hFound : 1,
  };
}

// Keys went through a string: find the original (number or string) key back.
function rowKey(m: Map<string | number, number>, s: string): string | number {
  if (m.has(s)) return s;
  return Number(s);
}

export function adjustedRandIndex(truth: readonly (string | number)[], found: readonly (string | number)[]): number {
  const n = truth.length;
  if (n < 2) return 1;
  const { table, rows, cols } = contingency(truth, found);
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let sumIj = 0;
  for (const c of table.values()) sumIj += c2(c);
  let sumA = 0;
  for (const c of rows.values()) sumA += c2(c);
  let sumB = 0;
  for (const c of cols.values()) sumB += c2(c);
  const expected = (sumA * sumB) / c2(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (sumIj - expected) / (max - expected);
}
