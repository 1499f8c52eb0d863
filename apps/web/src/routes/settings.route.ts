import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings",
}).lazy(() => import("./settings").then((m) => m.Route));
