import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";

export const settingsBillingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/billing",
  validateSearch: noSearch,
}).lazy(() => import("./settings-billing").then((m) => m.Route));
