import { createRouter } from "@tanstack/react-router";
import { cleanAddressAfterValidation } from "./lib/search";
import { queryClient, trpc } from "./lib/trpc";
import { rootRoute } from "./routes/__root";
import { appRoute } from "./routes/_app";
import { aiControlRoute } from "./routes/ai-control.route";
import { analyticsRoute } from "./routes/analytics.route";
import { commentsRoute } from "./routes/comments.route";
import { forgotPasswordRoute } from "./routes/forgot-password.route";
import { inboxRoute } from "./routes/inbox.route";
import { inviteRoute } from "./routes/invite.route";
import { landingRoute } from "./routes/landing.route";
import { loginRoute } from "./routes/login.route";
import { resetPasswordRoute } from "./routes/reset-password.route";
import { scheduleRoute } from "./routes/schedule.route";
import { settingsRoute } from "./routes/settings.route";
import { settingsBillingRoute } from "./routes/settings-billing.route";
import { settingsChannelsRoute } from "./routes/settings-channels.route";
import { settingsFailuresRoute } from "./routes/settings-failures.route";
import { settingsNotificationsRoute } from "./routes/settings-notifications.route";
import { settingsWebhooksRoute } from "./routes/settings-webhooks.route";
import { signupRoute } from "./routes/signup.route";
import { topicsRoute } from "./routes/topics.route";

/** Code-based route tree: public pages at the root, everything else under the signed-in `appRoute`. */
const routeTree = rootRoute.addChildren([
  landingRoute,
  loginRoute,
  signupRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
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
    settingsFailuresRoute,
    settingsBillingRoute,
    settingsNotificationsRoute,
    settingsWebhooksRoute,
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

cleanAddressAfterValidation(router);

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
