import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";

export const topicsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics/topics",
  validateSearch: noSearch,
}).lazy(() => import("./topics").then((m) => m.Route));
