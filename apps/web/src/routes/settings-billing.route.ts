import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const settingsBillingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/billing",
  validateSearch: noSearch,
  loader: () => loadAreas(PAGE_AREAS.settingsBilling),
}).lazy(() => import("./settings-billing").then((m) => m.Route));
