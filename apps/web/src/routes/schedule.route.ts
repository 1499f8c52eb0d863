import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";

export const scheduleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/schedule",
  validateSearch: noSearch,
}).lazy(() => import("./schedule").then((m) => m.Route));
