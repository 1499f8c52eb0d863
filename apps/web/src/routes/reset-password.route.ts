import { createRoute } from "@tanstack/react-router";
import * as z from "zod/mini";
import { searchOf } from "../lib/search";
import { rootRoute } from "./__root";

// Open whether signed in or not: the link comes from an e-mail, and resetting signs every session out anyway.
export const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reset-password",
  validateSearch: searchOf({ token: z.optional(z.string().check(z.minLength(10), z.maxLength(200))) }),
}).lazy(() => import("./reset-password").then((m) => m.Route));
