import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const scheduleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/schedule",
  validateSearch: noSearch,
  loader: () => loadAreas(PAGE_AREAS.schedule),
}).lazy(() => import("./schedule").then((m) => m.Route));
