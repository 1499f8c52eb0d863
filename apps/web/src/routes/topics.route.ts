import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const topicsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics/topics",
  validateSearch: noSearch,
  loader: () => loadAreas(PAGE_AREAS.topics),
}).lazy(() => import("./topics").then((m) => m.Route));
