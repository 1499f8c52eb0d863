import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { rootRoute } from "./__root";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/invite/$token",
  validateSearch: noSearch,
  loader: () => loadAreas(PAGE_AREAS.invite),
}).lazy(() => import("./invite").then((m) => m.Route));
