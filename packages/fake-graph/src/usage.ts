import type { GraphCtx } from "./context.js";
import { HOUR, type CallRecord } from "./state.js";
import { ids } from "./ids.js";

/**
 * Meta's usage headers are percentages (throttling starts at 100). Here they grow with the calls of the
 * last hour (`percentPerCall` each) unless pinned with configure({usage:{app,buc}}).
 */
export function usageHeaders(ctx: GraphCtx, version: string | undefined): Record<string, string> {
  const { state } = ctx;
  const since = ctx.now - HOUR;
  const u = state.config.usage;
  const index = callIndex(state.calls);
  const pct = (n: number) => Math.min(100, Math.round(n * u.percentPerCall));
  const app = u.app ?? pct(countAfter(index.all, since, index.ordered));
  const headers: Record<string, string> = {
    "x-app-usage": JSON.stringify({ call_count: app, total_cputime: Math.floor(app / 2), total_time: Math.floor(app / 2) }),
    "x-fb-trace-id": ids.fbtrace(),
    "x-fb-request-id": ids.fbtrace(),
    "facebook-api-version": version ?? "v25.0",
  };
  const bucId = ctx.bucId ?? "0";
  const buc = u.buc ?? pct(countAfter(index.byAccount.get(bucId) ?? [], since, index.ordered));
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

/**
 * The call log's times, overall and per account, kept in step with the log as it grows. Every answer carries usage
 * headers, and filtering the whole log each time made a 10,000-post benchmark spend most of the fake's CPU there.
 */
interface CallIndex {
  seen: number;
  all: number[];
  byAccount: Map<string, number[]>;
  /** False once the clock went backwards: counts then scan instead of bisecting. */
  ordered: boolean;
}
const indexes = new WeakMap<CallRecord[], CallIndex>();

function callIndex(calls: CallRecord[]): CallIndex {
  let index = indexes.get(calls);
  // A reset empties the log in place: start over.
  if (!index || index.seen > calls.length) indexes.set(calls, (index = { seen: 0, all: [], byAccount: new Map(), ordered: true }));
  for (; index.seen < calls.length; index.seen++) {
    const c = calls[index.seen]!;
    if (index.all.length && c.at < index.all[index.all.length - 1]!) index.ordered = false;
    index.all.push(c.at);
    if (c.accountId === undefined) continue; // counted in the app's usage only
    (index.byAccount.get(c.accountId) ?? index.byAccount.set(c.accountId, []).get(c.accountId)!).push(c.at);
  }
  return index;
}

function countAfter(times: number[], since: number, ordered: boolean): number {
  if (!ordered) return times.filter((t) => t > since).length;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! > since) hi = mid;
    else lo = mid + 1;
  }
  return times.length - lo;
}
