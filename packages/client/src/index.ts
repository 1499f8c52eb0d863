/**
 * The typed client of Sillage's routers for internal tools and scripts:
 *
 *   const sillage = createSillageClient({ url: "http://localhost:3000", token: process.env.SILLAGE_TOKEN });
 *   const ws = await sillage.workspace.get.query();
 */
import type { AppRouter } from "@sillage/api";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import { EventSource as EventSourcePolyfill } from "eventsource";
import superjson from "superjson";

export type { AppRouter } from "@sillage/api";
export type SillageClient = TRPCClient<AppRouter>;

export interface SillageClientOptions {
  /** Base URL of the server, e.g. http://localhost:3000 (the client adds /trpc). */
  url: string;
  /** An API token (`sil_…`), created in Settings › API tokens or with `pnpm cli token create`. */
  token: string;
  fetch?: typeof fetch;
}

export function createSillageClient(opts: SillageClientOptions): SillageClient {
  const url = `${opts.url.replace(/\/$/, "")}/trpc`;
  const headers = { Authorization: `Bearer ${opts.token}` };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          // Node has no EventSource before 22; this one lets us send the Bearer header.
          EventSource: (globalThis.EventSource ?? EventSourcePolyfill) as typeof EventSourcePolyfill,
          eventSourceOptions: () => ({
            fetch: (input: string | URL | Request, init?: RequestInit) =>
              (opts.fetch ?? fetch)(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
          }),
        }),
        // The server refuses a batch of more calls (MAX_BATCH_SIZE in @sillage/api): more go in several requests.
        false: httpBatchLink({ url, transformer: superjson, headers, fetch: opts.fetch, maxItems: 50 }),
      }),
    ],
  });
}
