import { createRoute, redirect } from "@tanstack/react-router";
import { rootRoute } from "./__root";

export const landingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  // Signed-in people go straight to their app.
  async beforeLoad({ context }) {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (me) throw redirect({ to: "/schedule" });
  },
}).lazy(() => import("./landing").then((m) => m.Route));
