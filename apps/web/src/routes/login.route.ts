import { createRoute } from "@tanstack/react-router";
import { redirectIfSignedIn, validateSearchRedirect } from "../lib/auth";
import { rootRoute } from "./__root";

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: validateSearchRedirect,
  beforeLoad: redirectIfSignedIn,
}).lazy(() => import("./login").then((m) => m.Route));
