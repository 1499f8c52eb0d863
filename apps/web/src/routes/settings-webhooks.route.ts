import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const settingsWebhooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/webhooks",
  validateSearch: noSearch,
  loader: () => loadAreas(PAGE_AREAS.settingsWebhooks),
}).lazy(() => import("./settings-webhooks").then((m) => m.Route));
