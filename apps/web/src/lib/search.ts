import type { AnyRouter } from "@tanstack/react-router";
import * as z from "zod/mini";

/**
 * Every route's search params go through zod (`validateSearch: searchOf({ key: z.optional(schema) })`): an address is typed or
 * pasted by people and links live for years, so what is not in the shape is dropped, and a key whose value fails its
 * schema is dropped alone (the page falls back to its default) rather than failing the whole page.
 * zod/mini and a shape rather than z.object: the validators travel in the entry chunk every page downloads (JS
 * budget, build/assets.ts), and an object schema would bring its whole parser for nothing.
 */
export type SearchShape = Record<string, z.ZodMiniOptional>;
export type SearchOf<Shape extends SearchShape> = { [K in keyof Shape]?: NonNullable<z.output<Shape[K]>> };

export function searchOf<Shape extends SearchShape>(shape: Shape): (raw: Record<string, unknown>) => SearchOf<Shape> {
  return (raw) => {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      if (raw[key] === undefined) continue;
      const parsed = z.safeParse(field, raw[key]);
      // Explicitly undefined: the router merges a route's result over the raw search, a missing key would let it through.
      out[key] = parsed.success ? parsed.data : undefined;
    }
    return out as SearchOf<Shape>;
  };
}

/** An id in the address (`?c=`, `?p=`): the database's uuids; anything else never names a row. */
export const searchId = z.optional(z.guid());

/** A page without search params: whatever the address carries is dropped. */
export const noSearch = searchOf({});

/**
 * The search the address should carry: what every route of the match validated (`_strictSearch`: the router's own
 * `search` also keeps the raw keys no route knows), or null when the address already carries just that. The router replaces the address with it, so a bad value is not kept,
 * shared or bookmarked (`router.tsx`).
 */
export function cleanedSearch(raw: Record<string, unknown>, validated: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.fromEntries(Object.entries(validated).filter(([, v]) => v !== undefined));
  const same = Object.keys(raw).length === Object.keys(kept).length && Object.entries(raw).every(([k, v]) => k in kept && JSON.stringify(kept[k]) === JSON.stringify(v));
  return same ? null : kept;
}

/**
 * A search param that failed its route's schema leaves the address too: what the page shows is what the address
 * says, and a bad value is not bookmarked or shared on. A replace, so back does not return to it.
 */
export function cleanAddressAfterValidation(router: AnyRouter): () => void {
  return router.subscribe("onResolved", ({ toLocation }) => {
    const leaf = router.state.matches.at(-1);
    if (!leaf || leaf.status !== "success") return;
    const search = cleanedSearch(toLocation.search as Record<string, unknown>, (leaf._strictSearch ?? {}) as Record<string, unknown>);
    if (search) void router.navigate({ to: toLocation.pathname, search, hash: toLocation.hash, replace: true });
  });
}
