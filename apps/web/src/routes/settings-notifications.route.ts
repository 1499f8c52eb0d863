import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";

export const settingsNotificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/notifications",
  validateSearch: noSearch,
}).lazy(() => import("./settings-notifications").then((m) => m.Route));
