import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

interface InboxSearch {
  /** The open conversation. */
  c?: string;
}

export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inbox",
  validateSearch: (search: Record<string, unknown>): InboxSearch => (typeof search.c === "string" && /^[0-9a-f-]{36}$/i.test(search.c) ? { c: search.c } : {}),
}).lazy(() => import("./inbox").then((m) => m.Route));
