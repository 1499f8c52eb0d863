import { invalidParam } from "./errors.js";

export interface Page<T> {
  data: T[];
  paging?: { cursors: { before: string; after: string }; next?: string; previous?: string };
}

const enc = (id: string) => Buffer.from(`fakecursor:${id}`).toString("base64url");
function dec(cursor: string): string {
  const s = Buffer.from(cursor, "base64url").toString();
  if (!s.startsWith("fakecursor:")) throw invalidParam("(#100) Invalid cursor", 1349151);
  return s.slice("fakecursor:".length);
}

/**
 * Cursor paging like Graph edges: cursors are opaque (base64 of the item id), `next`/`previous`
 * only when another page exists in that direction (contract §4).
 */
export function paginate<T>(
  items: T[],
  idOf: (t: T) => string,
  opts: { limit?: string; after?: string; before?: string; defaultLimit: number; maxLimit: number; url: URL },
): Page<T> {
  let limit = opts.limit !== undefined ? Number(opts.limit) : opts.defaultLimit;
  if (!Number.isFinite(limit) || limit <= 0) limit = opts.defaultLimit;
  limit = Math.min(Math.floor(limit), opts.maxLimit);
  let start = 0;
  let end: number;
  const indexOf = (cursor: string) => {
    const id = dec(cursor);
    const idx = items.findIndex((t) => idOf(t) === id);
    if (idx < 0) throw invalidParam("(#100) Invalid cursor", 1349151);
    return idx;
  };
  if (opts.after) {
    start = indexOf(opts.after) + 1;
    end = Math.min(items.length, start + limit);
  } else if (opts.before) {
    end = indexOf(opts.before);
    start = Math.max(0, end - limit);
  } else {
    end = Math.min(items.length, limit);
  }
  const data = items.slice(start, end);
  const first = data[0];
  const last = data[data.length - 1];
  if (first === undefined || last === undefined) return { data };
  const page: Page<T> = { data, paging: { cursors: { before: enc(idOf(first)), after: enc(idOf(last)) } } };
  const link = (key: "after" | "before", cursor: string) => {
    const u = new URL(opts.url);
    u.searchParams.delete("after");
    u.searchParams.delete("before");
    u.searchParams.set("limit", String(limit));
    u.searchParams.set(key, cursor);
    return u.toString();
  };
  if (end < items.length && page.paging) page.paging.next = link("after", page.paging.cursors.after);
  if (start > 0 && page.paging) page.paging.previous = link("before", page.paging.cursors.before);
  return page;
}
