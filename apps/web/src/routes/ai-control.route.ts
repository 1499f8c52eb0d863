import { createRoute } from "@tanstack/react-router";
import { appRoute } from "./_app";

export const aiControlRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/ai-control",
}).lazy(() => import("./ai-control").then((m) => m.Route));
