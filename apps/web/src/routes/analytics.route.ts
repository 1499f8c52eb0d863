import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";
import { prefetchPageData } from "../lib/page-data";

export const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics",
  validateSearch: noSearch,
  loader: ({ context }) => {
    prefetchPageData(context, "analytics");
    return loadAreas(PAGE_AREAS.analytics);
  },
}).lazy(() => import("./analytics").then((m) => m.Route));
