import { createRoute } from "@tanstack/react-router";
import { searchId, searchOf } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inbox",
  // The open conversation (`?c=`): a malformed one is dropped (the list shows), an unknown one says "not found".
  validateSearch: searchOf({ c: searchId }),
  loader: () => loadAreas(PAGE_AREAS.inbox),
}).lazy(() => import("./inbox").then((m) => m.Route));
