import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";

export const settingsWebhooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/webhooks",
  validateSearch: noSearch,
}).lazy(() => import("./settings-webhooks").then((m) => m.Route));
