import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";

export const settingsFailuresRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/failures",
  validateSearch: noSearch,
}).lazy(() => import("./settings-failures").then((m) => m.Route));
