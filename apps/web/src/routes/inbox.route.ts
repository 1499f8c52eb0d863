import { createRoute } from "@tanstack/react-router";
import { searchId, searchOf } from "../lib/search";
import { appRoute } from "./_app";

export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inbox",
  // The open conversation (`?c=`): a malformed one is dropped (the list shows), an unknown one says "not found".
  validateSearch: searchOf({ c: searchId }),
}).lazy(() => import("./inbox").then((m) => m.Route));
