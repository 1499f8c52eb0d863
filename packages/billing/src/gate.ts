/**
 * THE gate: `assertAllowed(db, workspaceId, feature, amount)` is called by every procedure and job that adds
 * something a plan limits, before adding it. Over the limit → `BillingError` with the feature, the limit, the usage
 * and the plan that lifts it (rendered by the SPA in the reader's language).
 *
 * Layering: billing sits below the domains and imports none of them. It counts usage itself through shared reads of
 * their tables (channels, post_publications, memberships / invitations, knowledge_documents), so a domain that must
 * call the gate depends on billing, never the reverse. The caller runs the gate inside the transaction that inserts
 * what it allows: the gate takes a transaction-scoped advisory lock per workspace and feature before counting, so two
 * concurrent additions at the edge of a limit queue on the lock and the second counts the first (READ COMMITTED: its
 * count is a new snapshot taken after the first committed and let go of the lock).
 */
import { sql, type Database, type ScopedDb } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { BillingError } from "./errors";
import { periodAt, type Period } from "./period";
import { getWorkspacePlan, type WorkspacePlan } from "./plan-store";
import { nextPlan, type PlanLimits } from "./plans";
import { creditBalance } from "./credits";

export const COUNTED_FEATURES = ["channels", "posts", "members", "knowledge"] as const;
export const ACCESS_FEATURES = ["analytics", "topics"] as const;
export type CountedFeature = (typeof COUNTED_FEATURES)[number];
export type AccessFeature = (typeof ACCESS_FEATURES)[number];
export type Feature = CountedFeature | AccessFeature;

const LIMIT_OF: Record<CountedFeature, keyof PlanLimits> = { channels: "channels", posts: "postsPerMonth", members: "members", knowledge: "knowledgeBytes" };

export interface Usage {
  channels: number;
  posts: number;
  members: number;
  knowledge: number;
  credits: number;
}

async function countOf(db: Database | ScopedDb, workspaceId: string, feature: CountedFeature, period: Period, now: Date): Promise<number> {
  switch (feature) {
    case "channels": {
      const r = await db.selectFrom("channels").select((eb) => eb.fn.countAll<string>().as("n")).where("workspace_id", "=", workspaceId).where("status", "<>", "disconnected").executeTakeFirst();
      return Number(r?.n ?? 0);
    }
    case "posts": {
      const r = await db
        .selectFrom("post_publications")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("workspace_id", "=", workspaceId)
        .where("cancelled_at", "is", null)
        // An occurrence of a series the plan refused went nowhere (publishing's PLAN_LIMIT_ERROR).
        .where((eb) => eb.or([eb("error_class", "is", null), eb("error_class", "<>", "billing_limit_reached")]))
        .where("due_at", ">=", period.start)
        .where("due_at", "<", period.end)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    }
    case "members": {
      const m = await db.selectFrom("memberships").select((eb) => eb.fn.countAll<string>().as("n")).where("workspace_id", "=", workspaceId).executeTakeFirst();
      const i = await db
        .selectFrom("invitations")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("workspace_id", "=", workspaceId)
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return Number(m?.n ?? 0) + Number(i?.n ?? 0);
    }
    case "knowledge": {
      const r = await db.selectFrom("knowledge_documents").select(sql<string>`coalesce(sum(octet_length(content)), 0)`.as("n")).where("workspace_id", "=", workspaceId).executeTakeFirst();
      return Number(r?.n ?? 0);
    }
  }
}

/** The workspace's usage of every counted limit, this billing period, and its credits balance. */
export async function usageOf(db: Database | ScopedDb, workspaceId: string, clock: Clock, plan?: WorkspacePlan): Promise<{ plan: WorkspacePlan; period: Period; usage: Usage }> {
  const p = plan ?? (await getWorkspacePlan(db, workspaceId));
  const now = clock.now();
  const period = periodAt(p.billingDay, now);
  const [channels, posts, members, knowledge, credits] = await Promise.all([
    countOf(db, workspaceId, "channels", period, now),
    countOf(db, workspaceId, "posts", period, now),
    countOf(db, workspaceId, "members", period, now),
    countOf(db, workspaceId, "knowledge", period, now),
    creditBalance(db, workspaceId),
  ]);
  return { plan: p, period, usage: { channels, posts, members, knowledge, credits } };
}

/** Serializes the additions of one counted feature in one workspace, until the caller's transaction ends. */
async function lockFeature(trx: ScopedDb, workspaceId: string, feature: CountedFeature): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`billing:${feature}:${workspaceId}`}, 0))`.execute(trx);
}

/**
 * Refuses, with a `BillingError`, adding `amount` of `feature` (channels, publications, members, knowledge bytes) when
 * it would pass the plan's limit, or using an access feature (analytics, topics) the plan does not include.
 * `trx` is the transaction that then inserts what is allowed: the feature stays locked for this workspace until it
 * ends. `at` is the instant whose billing period counts (a post's due time; default now).
 */
export async function assertAllowed(trx: ScopedDb, workspaceId: string, feature: Feature, amount: number, clock: Clock, at?: Date): Promise<void> {
  // Outside a transaction the lock would end with its own statement, and the count would guard nothing.
  if (!trx.isTransaction) throw new Error("assertAllowed runs inside the transaction that inserts what it allows");
  const db = trx;
  const plan = await getWorkspacePlan(db, workspaceId);
  if (feature === "analytics" || feature === "topics") {
    if (plan.limits[feature]) return;
    const upgradeTo = feature === "topics" ? "business" : "pro";
    throw new BillingError("feature_not_in_plan", { feature, plan: plan.plan, upgradeTo }, `The ${plan.plan} plan does not include ${feature}: move to ${upgradeTo}.`);
  }
  const limit = plan.limits[LIMIT_OF[feature]] as number | null;
  if (limit === null) return;
  await lockFeature(trx, workspaceId, feature);
  const now = clock.now();
  const used = await countOf(db, workspaceId, feature, periodAt(plan.billingDay, at ?? now), now);
  if (used + amount <= limit) return;
  const upgradeTo = nextPlan(plan.plan);
  throw new BillingError(
    "limit_reached",
    { feature, limit, used, requested: amount, plan: plan.plan, upgradeTo },
    `The ${plan.plan} plan allows ${limit} ${feature}; ${used} used, ${amount} more asked. ${upgradeTo ? `Move to ${upgradeTo} to lift it.` : "Contact us to lift it."}`,
  );
}
