import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const commentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/comments",
  // The open post, in the URL (a phone shows one pane at a time).
  validateSearch: (search: Record<string, unknown>): { p?: string } => (typeof search.p === "string" && /^[0-9a-f-]{36}$/i.test(search.p) ? { p: search.p } : {}),
}).lazy(() => import("./comments").then((m) => m.Route));
