// Times as Meta writes them and the windows measured between them (24 h messaging, token age).

export function toDate(v: Date | string | number | null | undefined): Date | null {
  if (v === null || v === undefined || v === "") return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function hoursBetween(a: Date, b: Date): number {
  return (b.getTime() - a.getTime()) / 3_600_000;
}

/** Graph's ISO-like "2017-08-31T19:16:02+0000" (no colon in the offset) in ms. */
export function graphTime(s: string): number {
  return new Date(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")).getTime();
}

/** Meta timestamps: WhatsApp sends Unix seconds as strings; Instagram messaging sends ms, comments seconds. */
export function metaTimeToIso(v: unknown, fallback?: unknown): string {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  // A time out of Date's range (a garbled field) is no time at all: the fallback, never a thrown RangeError.
  const fromNumber = Number.isFinite(n) ? new Date(n > 1e11 ? n : n * 1000) : null;
  if (fromNumber && !Number.isNaN(fromNumber.getTime())) return fromNumber.toISOString();
  if (typeof v === "string" && !fromNumber) {
    const t = new Date(graphTime(v));
    if (!Number.isNaN(t.getTime())) return t.toISOString();
  }
  if (fallback !== undefined) return metaTimeToIso(fallback);
  return new Date(0).toISOString();
}
