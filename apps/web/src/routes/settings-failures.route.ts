import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const settingsFailuresRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/failures",
  validateSearch: noSearch,
  loader: () => loadAreas(PAGE_AREAS.settingsFailures),
}).lazy(() => import("./settings-failures").then((m) => m.Route));
