import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";
import { prefetchPageData } from "../lib/page-data";

export const aiControlRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/ai-control",
  validateSearch: noSearch,
  loader: ({ context }) => {
    prefetchPageData(context, "aiControl");
    return loadAreas(PAGE_AREAS.aiControl);
  },
}).lazy(() => import("./ai-control").then((m) => m.Route));
