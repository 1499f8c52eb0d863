import type { GraphCtx } from "./context.js";
import { HOUR } from "./state.js";
import { ids } from "./ids.js";

/**
 * Meta's usage headers are percentages (throttling starts at 100). Here they grow with the calls of the
 * last hour (`percentPerCall` each) unless pinned with configure({usage:{app,buc}}).
 */
export function usageHeaders(ctx: GraphCtx, version: string | undefined): Record<string, string> {
  const { state } = ctx;
  const since = ctx.now - HOUR;
  const u = state.config.usage;
  const recent = state.calls.filter((c) => c.at > since);
  const pct = (n: number) => Math.min(100, Math.round(n * u.percentPerCall));
  const app = u.app ?? pct(recent.length);
  const headers: Record<string, string> = {
    "x-app-usage": JSON.stringify({ call_count: app, total_cputime: Math.floor(app / 2), total_time: Math.floor(app / 2) }),
    "x-fb-trace-id": ids.fbtrace(),
    "x-fb-request-id": ids.fbtrace(),
    "facebook-api-version": version ?? "v25.0",
  };
  const bucId = ctx.bucId ?? "0";
  const buc = u.buc ?? pct(recent.filter((c) => c.accountId === bucId).length);
  headers["x-business-use-case-usage"] = JSON.stringify({
    [bucId]: [
      {
        type: ctx.bucType ?? "instagram",
        call_count: buc,
        total_cputime: Math.floor(buc / 3),
        total_time: Math.floor(buc / 3),
        estimated_time_to_regain_access: buc >= 100 ? 5 : 0,
      },
    ],
  });
  return headers;
}
