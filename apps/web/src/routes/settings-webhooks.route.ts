import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const settingsWebhooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/webhooks",
}).lazy(() => import("./settings-webhooks").then((m) => m.Route));
