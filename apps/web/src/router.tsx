import { createRouter } from "@tanstack/react-router";
import { queryClient, trpc } from "./lib/trpc";
import { rootRoute } from "./routes/__root";
import { appRoute } from "./routes/_app";
import { aiControlRoute } from "./routes/ai-control";
import { analyticsRoute } from "./routes/analytics";
import { commentsRoute } from "./routes/comments";
import { inboxRoute } from "./routes/inbox";
import { inviteRoute } from "./routes/invite";
import { landingRoute } from "./routes/landing";
import { loginRoute } from "./routes/login";
import { scheduleRoute } from "./routes/schedule";
import { settingsRoute } from "./routes/settings";
import { settingsChannelsRoute } from "./routes/settings-channels";
import { settingsNotificationsRoute } from "./routes/settings-notifications";
import { signupRoute } from "./routes/signup";
import { topicsRoute } from "./routes/topics";

/** Code-based route tree: public pages at the root, everything else under the signed-in `appRoute`. */
const routeTree = rootRoute.addChildren([
  landingRoute,
  loginRoute,
  signupRoute,
  inviteRoute,
  appRoute.addChildren([
    scheduleRoute,
    inboxRoute,
    commentsRoute,
    aiControlRoute,
    analyticsRoute,
    topicsRoute,
    settingsRoute,
    settingsChannelsRoute,
    settingsNotificationsRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient, trpc },
  defaultPreload: "intent",
  // Data freshness is React Query's job; the router only runs guards.
  defaultPreloadStaleTime: 0,
  scrollRestoration: true,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
