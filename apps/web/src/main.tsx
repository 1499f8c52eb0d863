import { i18nReady } from "./i18n";
import "./styles.css";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { leaveApp } from "./lib/sign-out";
import { queryClient, sessionGate, setSignedOutHandler, TRPCProvider, trpcClient } from "./lib/trpc";
import { router } from "./router";

// The session expired or was revoked while the app was open: forget the person and go to the login page.
// The app's other calls stop at once (lib/sign-out.ts): one 401 tells, a dozen more would only fill the console.
setSignedOutHandler(() => {
  if (sessionGate.closed) return;
  const { pathname, href } = router.state.location;
  const onPublicPage = pathname === "/login" || pathname === "/signup" || pathname.startsWith("/invite/");
  void leaveApp(queryClient, async () => (onPublicPage ? undefined : router.navigate({ to: "/login", search: { redirect: href } })), { callServer: false });
});

// Error reports only when a DSN was given at build time; the SDK is a separate chunk, never loaded otherwise.
const sentryDsn = import.meta.env.VITE_SENTRY_DSN;
if (sentryDsn) {
  void import("./lib/sentry").then((m) =>
    m.startSentry(sentryDsn, { release: import.meta.env.VITE_SENTRY_RELEASE, environment: import.meta.env.VITE_SENTRY_ENVIRONMENT }),
  );
}

const container = document.getElementById("root");
if (!container) throw new Error("#root missing from index.html");

const render = () =>
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
// The start language's messages first (one small chunk); render even if they failed, rather than a blank page.
void i18nReady.then(render, render);
