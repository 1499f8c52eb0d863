import { createRoute } from "@tanstack/react-router";
import { searchId, searchOf } from "../lib/search";
import { appRoute } from "./_app";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const commentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/comments",
  // The open post, in the URL (a phone shows one pane at a time).
  validateSearch: searchOf({ p: searchId }),
  loader: () => loadAreas(PAGE_AREAS.comments),
}).lazy(() => import("./comments").then((m) => m.Route));
