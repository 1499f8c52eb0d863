import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const settingsNotificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/notifications",
  validateSearch: noSearch,
  loader: () => loadAreas(PAGE_AREAS.settingsNotifications),
}).lazy(() => import("./settings-notifications").then((m) => m.Route));
