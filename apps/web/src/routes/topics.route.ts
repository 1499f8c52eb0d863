import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const topicsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics/topics",
}).lazy(() => import("./topics").then((m) => m.Route));
