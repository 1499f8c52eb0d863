import { createRoute } from "@tanstack/react-router";
import { redirectIfSignedIn, validateSearchRedirect } from "../lib/auth";
import { rootRoute } from "./__root";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const signupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/signup",
  validateSearch: validateSearchRedirect,
  beforeLoad: redirectIfSignedIn,
  loader: () => loadAreas(PAGE_AREAS.signup),
}).lazy(() => import("./signup").then((m) => m.Route));
