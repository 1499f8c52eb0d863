import { createRoute } from "@tanstack/react-router";
import * as z from "zod/mini";
import { searchOf } from "../lib/search";
import { rootRoute } from "./__root";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

// Open whether signed in or not: the link comes from an e-mail, and resetting signs every session out anyway.
export const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reset-password",
  validateSearch: searchOf({ token: z.optional(z.string().check(z.minLength(10), z.maxLength(200))) }),
  loader: () => loadAreas(PAGE_AREAS.resetPassword),
}).lazy(() => import("./reset-password").then((m) => m.Route));
