/**
 * Plans, defined in code: each plan's limits. A workspace has one plan (`workspace_plans`, default `DEFAULT_PLAN`);
 * `null` means unlimited. Counted limits are checked by `assertAllowed` (gate.ts); `creditsPerMonth` is the monthly
 * grant of the credits ledger (credits.ts); `retentionDays` is read by the archive (operations).
 */
import { z } from "zod";

export const PLAN_IDS = ["free", "pro", "business"] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const planIdSchema = z.enum(PLAN_IDS);

export interface PlanLimits {
  /** Channels connected at once (disconnected ones do not count). */
  channels: number | null;
  /** Publications scheduled per calendar month (UTC), by their due date. */
  postsPerMonth: number | null;
  /** Automatic replies per month: credits granted at each billing day. */
  creditsPerMonth: number;
  /** Knowledge base size, in bytes of document text. */
  knowledgeBytes: number | null;
  /** Members of the workspace (pending invitations count too: accepting one must not break the limit). */
  members: number | null;
  analytics: boolean;
  topics: boolean;
  retentionDays: number;
}

export const PLANS: Readonly<Record<PlanId, PlanLimits>> = {
  free: { channels: 1, postsPerMonth: 30, creditsPerMonth: 50, knowledgeBytes: 200_000, members: 2, analytics: false, topics: false, retentionDays: 30 },
  pro: { channels: 5, postsPerMonth: 500, creditsPerMonth: 2_000, knowledgeBytes: 10_000_000, members: 10, analytics: true, topics: false, retentionDays: 365 },
  business: { channels: 25, postsPerMonth: 5_000, creditsPerMonth: 20_000, knowledgeBytes: 100_000_000, members: 50, analytics: true, topics: true, retentionDays: 730 },
};

/**
 * A workspace without a `workspace_plans` row (every workspace created before plans existed, and new ones until an
 * operator or a payment provider sets one) is on this plan: its limits are above what the existing product and its
 * tests use (some connect six channels), so introducing plans changes nothing for them. Put a workspace on free or
 * pro with `changePlan`.
 */
export const DEFAULT_PLAN: PlanId = "business";

/** The plan to suggest when a limit is reached: the next one up, or null on the top plan. */
export function nextPlan(plan: PlanId): PlanId | null {
  const i = PLAN_IDS.indexOf(plan);
  return PLAN_IDS[i + 1] ?? null;
}
