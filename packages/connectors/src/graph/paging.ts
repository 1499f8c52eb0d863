// Graph's cursor paging, followed the same way by every list a connector reads (Instagram comments, replies and
// media; WhatsApp templates): `paging.cursors.after` names the next page, and `paging.next` is there only when one
// exists.

import { z } from "zod";
import type { GraphResponse } from "./http";

export const pagingSchema = z
  .object({
    cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
    next: z.string().optional(),
  })
  .optional();

/**
 * The cursor of the page after this one: `cursors.after`, or the `after` of the `next` URL when the cursors are left
 * out; null on the last page (no `next`). Stopping early on a `next` without cursors would lose every older item.
 */
export function nextCursor(paging: z.infer<typeof pagingSchema>): string | null {
  if (!paging?.next) return null;
  if (paging.cursors?.after) return paging.cursors.after;
  try {
    return new URL(paging.next).searchParams.get("after") || null;
  } catch {
    return null;
  }
}

/** One page of an edge: `{ data: [item…], paging }`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), paging: pagingSchema });
}

export interface Page<T> {
  data: T[];
  paging?: z.infer<typeof pagingSchema>;
}

/**
 * The pages of an edge in order, from `after` when given, at most `maxPages`: a page is read only when the one
 * before it names a next one, and only when the consumer asks for it (a `break` reads no further page).
 */
export async function* graphPages<T>(
  fetchPage: (after: string | undefined) => Promise<GraphResponse<Page<T>>>,
  opts: { maxPages: number; after?: string },
): AsyncGenerator<GraphResponse<Page<T>>, void, undefined> {
  let after = opts.after;
  for (let page = 0; page < opts.maxPages; page++) {
    const res = await fetchPage(after);
    yield res;
    after = nextCursor(res.data.paging) ?? undefined;
    if (!after) return;
  }
}
