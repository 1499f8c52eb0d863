import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const commentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/comments",
}).lazy(() => import("./comments").then((m) => m.Route));
