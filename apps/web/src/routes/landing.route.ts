import { createRoute, redirect } from "@tanstack/react-router";
import { noSearch } from "../lib/search";
import { rootRoute } from "./__root";
import { loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";

export const landingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  validateSearch: noSearch,
  // Signed-in people go straight to their app.
  async beforeLoad({ context }) {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (me) throw redirect({ to: "/schedule" });
  },
  loader: () => loadAreas(PAGE_AREAS.landing),
}).lazy(() => import("./landing").then((m) => m.Route));
