import { createRoute } from "@tanstack/react-router";
import { redirectIfSignedIn, validateSearchRedirect } from "../lib/auth";
import { rootRoute } from "./__root";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/forgot-password",
  validateSearch: validateSearchRedirect,
  beforeLoad: redirectIfSignedIn,
  loader: () => loadAreas(PAGE_AREAS.forgotPassword),
}).lazy(() => import("./forgot-password").then((m) => m.Route));
