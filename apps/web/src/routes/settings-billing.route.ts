import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const settingsBillingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/billing",
}).lazy(() => import("./settings-billing").then((m) => m.Route));
