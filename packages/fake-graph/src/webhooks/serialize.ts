export interface SerializeOptions {
  escapeUnicode: boolean;
  escapeSlashes: boolean;
  /** `", "` and `": "` separators, as in real Instagram bodies (contract §1.2). */
  spacedSeparators: boolean;
}

/** Serialises like Meta's producers may: the receiver must verify the signature over these exact bytes. */
export function serializeLikeMeta(value: unknown, o: SerializeOptions): string {
  const sep = o.spacedSeparators ? ", " : ",";
  const colon = o.spacedSeparators ? ": " : ":";
  const str = (s: string): string => {
    let out = JSON.stringify(s);
    if (o.escapeSlashes) out = out.replace(/\//g, "\\/");
    if (o.escapeUnicode) out = out.replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
    return out;
  };
  const walk = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") return str(v);
    if (typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : walk(x))).join(sep)}]`;
    if (typeof v === "object") {
      const parts: string[] = [];
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined) continue;
        parts.push(`${str(k)}${colon}${walk(x)}`);
      }
      return `{${parts.join(sep)}}`;
    }
    return "null";
  };
  return walk(value);
}
