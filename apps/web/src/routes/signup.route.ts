import { createRoute } from "@tanstack/react-router";
import { redirectIfSignedIn, validateSearchRedirect } from "../lib/auth";
import { rootRoute } from "./__root";

export const signupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/signup",
  validateSearch: validateSearchRedirect,
  beforeLoad: redirectIfSignedIn,
}).lazy(() => import("./signup").then((m) => m.Route));
