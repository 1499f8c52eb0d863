import { createRoute } from "@tanstack/react-router";
import { redirectIfSignedIn, validateSearchRedirect } from "../lib/auth";
import { rootRoute } from "./__root";

export const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/forgot-password",
  validateSearch: validateSearchRedirect,
  beforeLoad: redirectIfSignedIn,
}).lazy(() => import("./forgot-password").then((m) => m.Route));
