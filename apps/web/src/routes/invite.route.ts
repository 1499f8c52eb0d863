import { createRoute } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { rootRoute } from "./__root";

export const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/invite/$token",
  validateSearch: noSearch,
}).lazy(() => import("./invite").then((m) => m.Route));
