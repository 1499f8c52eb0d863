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
    after = res.data.paging?.next ? res.data.paging.cursors?.after : undefined;
    if (!after) return;
  }
}
