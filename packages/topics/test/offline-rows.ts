import { normalizeRow } from "../src/reduce";
import { seededRandom } from "../src/random";

/** Rows shaped like the offline ones: sparse hashed words (a copy of the previous row every `duplicateEvery`, one empty text) joined to dense columns. */
export function offlineLikeRows(n: number, seed: number, duplicateEvery = 50): Float64Array[] {
  const random = seededRandom(seed);
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    if (i % duplicateEvery === 7) {
      rows.push(Float64Array.from(rows[i - 1]!));
      continue;
    }
    const row = new Float64Array(72);
    const words = i === 3 ? 0 : 2 + Math.floor(random.next() * 6);
    for (let w = 0; w < words; w++) row[Math.floor(random.next() * 64)]! += 1 + random.next();
    for (let c = 64; c < 72; c++) row[c] = random.gaussian() * 0.3;
    rows.push(normalizeRow(row));
  }
  return rows;
}
