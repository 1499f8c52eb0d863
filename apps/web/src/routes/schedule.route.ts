import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const scheduleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/schedule",
}).lazy(() => import("./schedule").then((m) => m.Route));
