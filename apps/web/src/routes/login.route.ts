import { createRoute } from "@tanstack/react-router";
import * as z from "zod/mini";
import { redirectIfSignedIn, validateSearchRedirect } from "../lib/auth";
import { searchOf } from "../lib/search";
import { rootRoute } from "./__root";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

// `?passwordReset=true`: back from the reset page, the new password set (the page says so above the form).
const validateLoginSearch = (raw: Record<string, unknown>) => ({ ...validateSearchRedirect(raw), ...searchOf({ passwordReset: z.optional(z.boolean()) })(raw) });

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: validateLoginSearch,
  beforeLoad: redirectIfSignedIn,
  loader: () => loadAreas(PAGE_AREAS.login),
}).lazy(() => import("./login").then((m) => m.Route));
