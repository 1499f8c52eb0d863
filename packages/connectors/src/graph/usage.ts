// Meta's rate-limit usage headers. Values are percentages (0–100) of the budget; Meta throttles at 100, so callers
// read `maxPercent` and slow down well before. `estimated_time_to_regain_access` is in MINUTES.
//   X-App-Usage: {"call_count":28,"total_cputime":25,"total_time":25}
//   X-Business-Use-Case-Usage: {"<business id>":[{"type":"instagram","call_count":12,"total_cputime":3,
//                               "total_time":4,"estimated_time_to_regain_access":0}]}

import { z } from "zod";

export interface AppUsage {
  callCount: number;
  totalCputime: number;
  totalTime: number;
}

export interface BusinessUseCaseUsage {
  businessId: string;
  /** instagram | messenger | whatsapp | whatsapp_business_management | pages | … */
  type: string;
  callCount: number;
  totalCputime: number;
  totalTime: number;
  estimatedTimeToRegainAccessMin: number;
}

export interface Usage {
  app: AppUsage | null;
  business: BusinessUseCaseUsage[];
  /** Highest percentage across every counter: slow down as it nears 100. */
  maxPercent: number;
  /** From `estimated_time_to_regain_access` (minutes → ms) when Meta reports a wait; null otherwise. */
  regainAccessMs: number | null;
  /** ISO time the headers were seen. */
  observedAt: string;
}

// Meta sends numbers, but be lenient with numeric strings; anything else is ignored rather than crashing.
const num = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).catch(0);
const appSchema = z.object({ call_count: num.optional(), total_cputime: num.optional(), total_time: num.optional() });
const bucEntrySchema = z.object({
  type: z.string().catch("unknown"),
  call_count: num.optional(),
  total_cputime: num.optional(),
  total_time: num.optional(),
  estimated_time_to_regain_access: num.optional(),
});
const bucSchema = z.record(z.string(), z.array(z.unknown()));

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export function getHeader(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === lower) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Parses the usage headers; null when neither header is present or readable. */
export function parseUsageHeaders(headers: HeaderBag, now: Date = new Date()): Usage | null {
  const appRaw = appSchema.safeParse(parseJson(getHeader(headers, "x-app-usage")));
  const bucRaw = bucSchema.safeParse(parseJson(getHeader(headers, "x-business-use-case-usage")));
  if (!appRaw.success && !bucRaw.success) return null;

  const app: AppUsage | null = appRaw.success
    ? {
        callCount: appRaw.data.call_count ?? 0,
        totalCputime: appRaw.data.total_cputime ?? 0,
        totalTime: appRaw.data.total_time ?? 0,
      }
    : null;
  const business: BusinessUseCaseUsage[] = [];
  if (bucRaw.success) {
    for (const [businessId, entries] of Object.entries(bucRaw.data)) {
      for (const e of entries) {
        const p = bucEntrySchema.safeParse(e);
        if (!p.success) continue;
        business.push({
          businessId,
          type: p.data.type,
          callCount: p.data.call_count ?? 0,
          totalCputime: p.data.total_cputime ?? 0,
          totalTime: p.data.total_time ?? 0,
          estimatedTimeToRegainAccessMin: p.data.estimated_time_to_regain_access ?? 0,
        });
      }
    }
  }
  const percents = [
    ...(app ? [app.callCount, app.totalCputime, app.totalTime] : []),
    ...business.flatMap((b) => [b.callCount, b.totalCputime, b.totalTime]),
  ];
  const regainMin = Math.max(0, ...business.map((b) => b.estimatedTimeToRegainAccessMin));
  return {
    app,
    business,
    maxPercent: Math.max(0, ...percents),
    regainAccessMs: regainMin > 0 ? regainMin * 60_000 : null,
    observedAt: now.toISOString(),
  };
}

/** Advice for schedulers: "ok" below 75 %, "slow" up to 90 %, "stop" beyond or when Meta announced a wait. */
export function usageAdvice(usage: Usage | null | undefined): "ok" | "slow" | "stop" {
  if (!usage) return "ok";
  if (usage.regainAccessMs !== null || usage.maxPercent >= 90) return "stop";
  if (usage.maxPercent >= 75) return "slow";
  return "ok";
}

/** Latest usage seen per channel (only replaced when a response carried usage headers). */
export class UsageTracker {
  private readonly byChannel = new Map<string, Usage>();
  private readonly platformOf = new Map<string, string>();
  record(channelId: string, usage: Usage | null, platform?: string): void {
    if (platform) this.platformOf.set(channelId, platform);
    if (usage) this.byChannel.set(channelId, usage);
  }
  /** The highest usage percent last read on any channel of the platform (0 when none was read). */
  maxPercent(platform: string): number {
    let max = 0;
    for (const [channelId, usage] of this.byChannel) {
      if (this.platformOf.get(channelId) === platform) max = Math.max(max, usage.maxPercent);
    }
    return max;
  }
  get(channelId: string): Usage | undefined {
    return this.byChannel.get(channelId);
  }
}
