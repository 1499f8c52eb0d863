import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { appRoute } from "./_app";

export const aiControlRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/ai-control",
  validateSearch: noSearch,
}).lazy(() => import("./ai-control").then((m) => m.Route));
