import { createRoute } from "@tanstack/react-router";
import { validateSearchRedirect } from "../lib/auth";
import { rootRoute } from "./__root";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

// Open whether signed in or not, as /reset-password is: a used or expired link's way out leads here, often in a browser
// that is signed in (the same person, or whoever shares it); sending them into the app would leave that link dead.
export const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/forgot-password",
  validateSearch: validateSearchRedirect,
  loader: () => loadAreas(PAGE_AREAS.forgotPassword),
}).lazy(() => import("./forgot-password").then((m) => m.Route));
