import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/analytics",
}).lazy(() => import("./analytics").then((m) => m.Route));
