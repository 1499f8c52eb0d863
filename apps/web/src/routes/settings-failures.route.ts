import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const settingsFailuresRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/settings/failures",
}).lazy(() => import("./settings-failures").then((m) => m.Route));
