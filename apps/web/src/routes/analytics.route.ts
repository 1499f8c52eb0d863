import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";

export const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics",
  validateSearch: noSearch,
}).lazy(() => import("./analytics").then((m) => m.Route));
