import { createRoute } from "@tanstack/react-router";
import { rootRoute } from "./__root";

export const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/invite/$token",
}).lazy(() => import("./invite").then((m) => m.Route));
