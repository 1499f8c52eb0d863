import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";
import { prefetchPageData } from "../lib/page-data";

export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
  validateSearch: noSearch,
  loader: ({ context }) => {
    prefetchPageData(context, "settings");
    return loadAreas(PAGE_AREAS.settings);
  },
}).lazy(() => import("./settings").then((m) => m.Route));
