import type { AppRouter } from "@sillage/api";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { describe, expect, it } from "vitest";
import { loadAreas } from "../src/i18n";
import { PAGE_AREAS } from "../src/i18n/areas";
import { aiControlRoute } from "../src/routes/ai-control.route";
import { analyticsRoute } from "../src/routes/analytics.route";
import { settingsRoute } from "../src/routes/settings.route";

const summary = {
  timeZone: "Europe/Paris",
  current: { from: new Date("2026-12-03T01:00:00Z"), to: new Date("2026-12-05T01:00:00Z") },
  previous: { from: new Date("2026-11-26T01:00:00Z"), to: new Date("2026-11-28T01:00:00Z") },
};

/** A client that answers every procedure at once and notes what it was asked, and whether the loader had finished. */
function recordingContext() {
  const asked: { path: string; input: unknown; afterLoader: boolean }[] = [];
  const state = { loaderDone: false };
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      asked.push({ path: op.path, input: op.input, afterLoader: state.loaderDone });
      observer.next({ result: { type: "data", data: op.path === "analytics.summary" ? summary : [] } });
      observer.complete();
    });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [link] }), queryClient });
  return { asked, state, queryClient, trpc };
}

type Loader = (args: { context: { queryClient: QueryClient; trpc: unknown } }) => Promise<unknown>;

async function runLoader(route: { options: { loader?: unknown } }, ctx: ReturnType<typeof recordingContext>) {
  const loader = route.options.loader as Loader;
  await loader({ context: { queryClient: ctx.queryClient, trpc: ctx.trpc } });
  ctx.state.loaderDone = true;
  // Let the chained requests (the KPIs after the summary) go out.
  await new Promise((r) => setTimeout(r, 0));
}

describe("the slow pages' route loaders start the page's queries beside its areas, not after its chunk renders", () => {
  it("AI control: rules, safety, knowledge and decisions, under the keys its cards read", async () => {
    await loadAreas(PAGE_AREAS.app);
    const ctx = recordingContext();
    await runLoader(aiControlRoute, ctx);
    expect(ctx.asked.filter((a) => !a.afterLoader).map((a) => a.path).sort()).toEqual(["ai.decisions", "ai.rules.list", "ai.safety.list", "knowledge.list"]);
    expect(ctx.queryClient.getQueryData(ctx.trpc.ai.decisions.queryKey({ limit: 20 }))).toEqual([]);
  });

  it("analytics: channels and the summary at once, then both KPI windows the summary names, without the page", async () => {
    const ctx = recordingContext();
    await runLoader(analyticsRoute, ctx);
    expect(ctx.asked.filter((a) => !a.afterLoader && a.path !== "analytics.kpis").map((a) => a.path).sort()).toEqual(["analytics.summary", "channels.list"]);
    expect(ctx.asked.filter((a) => a.path === "analytics.kpis").map((a) => a.input)).toEqual([
      { from: summary.current.from, to: summary.current.to },
      { from: summary.previous.from, to: summary.previous.to },
    ]);
    const kpiKey = ctx.trpc.analytics.kpis.queryKey({ from: summary.current.from, to: summary.current.to });
    expect(ctx.queryClient.getQueryData(kpiKey)).toEqual([]);
  });

  it("settings: workspace, members, tokens and saved replies", async () => {
    const ctx = recordingContext();
    await runLoader(settingsRoute, ctx);
    expect(ctx.asked.filter((a) => !a.afterLoader).map((a) => a.path).sort()).toEqual(["apiTokens.list", "savedReplies.list", "workspace.get", "workspace.members"]);
  });
});
