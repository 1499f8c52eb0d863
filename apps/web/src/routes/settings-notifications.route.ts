import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const settingsNotificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/notifications",
}).lazy(() => import("./settings-notifications").then((m) => m.Route));
