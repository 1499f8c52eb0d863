import type { QueryClient } from "@tanstack/react-query";
import type { TrpcProxy } from "./trpc";

interface PageDataContext {
  queryClient: QueryClient;
  trpc: TrpcProxy;
}

/**
 * A page's queries, started by its route loader next to its dictionary areas and code chunk. Left to the components,
 * they waited for the chunk to arrive and render: chunk, then queries, then (analytics) the queries that need the
 * first answer, one after the other. Not awaited: the page shows its own loading and errors, and a failed prefetch is
 * asked again by the component. The keys must be the components' own, or the cache misses and asks twice.
 */
export function prefetchPageData({ queryClient, trpc }: PageDataContext, page: keyof typeof PAGE_DATA): void {
  void Promise.all(PAGE_DATA[page](queryClient, trpc));
}

// `ai.control.get` is left out: its card asks again on every mount (`refetchOnMount: "always"`), and the shell's badge
// has it already.
const PAGE_DATA = {
  aiControl: (q: QueryClient, trpc: TrpcProxy) => [
    q.prefetchQuery(trpc.ai.rules.list.queryOptions()),
    q.prefetchQuery(trpc.ai.safety.list.queryOptions()),
    q.prefetchQuery(trpc.knowledge.list.queryOptions()),
    q.prefetchQuery(trpc.ai.decisions.queryOptions({ limit: 20 })),
  ],
  analytics: (q: QueryClient, trpc: TrpcProxy) => [q.prefetchQuery(trpc.channels.list.queryOptions()), prefetchKpis(q, trpc)],
  settings: (q: QueryClient, trpc: TrpcProxy) => [
    q.prefetchQuery(trpc.workspace.get.queryOptions()),
    q.prefetchQuery(trpc.workspace.members.queryOptions()),
    q.prefetchQuery(trpc.apiTokens.list.queryOptions()),
    q.prefetchQuery(trpc.savedReplies.list.queryOptions()),
  ],
} satisfies Record<string, (q: QueryClient, trpc: TrpcProxy) => Promise<void>[]>;

/** The dashboard's windows come from the summary (the workspace's zone): its two KPI queries as soon as it answers. */
async function prefetchKpis(queryClient: QueryClient, trpc: TrpcProxy): Promise<void> {
  const s = await queryClient.fetchQuery(trpc.analytics.summary.queryOptions({})).catch(() => undefined);
  if (!s) return;
  await Promise.all([s.current, s.previous].map((w) => queryClient.prefetchQuery(trpc.analytics.kpis.queryOptions({ from: w.from, to: w.to }))));
}
