import type { AppRouter, inferRouterInputs, inferRouterOutputs } from "@sillage/api";
import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { createTRPCContext, createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { loadAreas } from "../i18n";
import { ERROR_AREAS } from "../i18n/areas";
import { workspaceStore } from "./workspace-store";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type Me = NonNullable<RouterOutputs["auth"]["me"]>;
export type WorkspaceSummary = Me["workspaces"][number];

/** `useTRPC()` in components, `<TRPCProvider>` in main.tsx. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const TRPC_URL = "/trpc";

/** Event streams use EventSource, which cannot send headers: the workspace travels as a query parameter. */
function subscriptionUrl(): string {
  const id = workspaceStore.get();
  return id ? `${TRPC_URL}?workspace=${encodeURIComponent(id)}` : TRPC_URL;
}

/**
 * Closed while signing out (`lib/sign-out.ts`): from the click until the app's pages are gone and their cache
 * dropped, a query, a poll or the event stream that fires anyway would reach the server without a session and leave
 * a 401 in the console. Such calls wait, never sent, until cancelled or unmounted; the sign-out itself and the
 * "who am I" that the sign-in page asks go through.
 */
export const sessionGate = {
  closed: false,
  passes: (path: string) => path === "auth.logout" || path === "auth.me",
};

const sessionGateLink: TRPCLink<AppRouter> = () => ({ op, next }) =>
  observable((observer) => {
    if (!sessionGate.closed || sessionGate.passes(op.path)) return next(op).subscribe(observer);
    return () => undefined;
  });

/** A refusal reaches the page with its words loaded (coded errors, field issues, plan limits): never a raw key. */
const errorWordsLink: TRPCLink<AppRouter> = () => ({ op, next }) =>
  observable((observer) =>
    next(op).subscribe({
      next: (value) => observer.next(value),
      complete: () => observer.complete(),
      error: (err) => void loadAreas(ERROR_AREAS).finally(() => observer.error(err)),
    }),
  );

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    sessionGateLink,
    errorWordsLink,
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({
        url: subscriptionUrl,
        transformer: superjson,
        eventSourceOptions: { withCredentials: true },
      }),
      false: httpBatchLink({
        url: TRPC_URL,
        transformer: superjson,
        // The server refuses a batch of more calls (MAX_BATCH_SIZE in @sillage/api): more go in several requests.
        maxItems: 50,
        headers() {
          const id = workspaceStore.get();
          return id ? { "X-Sillage-Workspace": id } : {};
        },
        fetch: (url, init) => fetch(url, { ...init, credentials: "include" }),
      }),
    }),
  ],
});

/** Called when any query finds the session gone (set by main.tsx, which owns the router). */
let onSignedOut: (() => void) | null = null;
export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

export function isTrpcError(err: unknown): err is TRPCClientError<AppRouter> {
  return err instanceof TRPCClientError;
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError(err, query) {
      if (!isTrpcError(err)) return;
      if (err.data?.code === "UNAUTHORIZED") onSignedOut?.();
      // Removed from the workspace meanwhile: refresh the membership list so the app falls back to another one.
      const isMe = JSON.stringify(query.queryKey[0]) === JSON.stringify(["auth", "me"]);
      if (err.data?.code === "NOT_FOUND" && !isMe) void queryClient.invalidateQueries({ queryKey: [["auth", "me"]] });
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      retry(failureCount, err) {
        // Client errors (signed out, forbidden, not found, bad input) will not fix themselves.
        if (isTrpcError(err) && err.data?.httpStatus && err.data.httpStatus < 500) return false;
        return failureCount < 2;
      },
    },
  },
});

/** The same procedures as `useTRPC()`, usable outside React (route `beforeLoad`s, event handlers). */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
export type TrpcProxy = typeof trpc;
