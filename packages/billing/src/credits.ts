/**
 * The credits ledger (`credit_ledger`, append-only): grants at each billing day, consumption by automatic replies,
 * refunds when a reply fails for good (taken again when an uncertain send is proved sent), operator top-ups, expiry
 * of the last period's unused grant. The balance is sum(delta), never stored. Every movement has an idempotency key (unique per workspace), and every movement that
 * reads the balance first does so under a per-workspace advisory lock held to the end of its transaction: two
 * workers consuming the last credit queue on the lock, and the second sees a balance of 0.
 */
import { raiseWorkspaceEvent, sql, withWorkspace, type Database, type ScopedDb } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { periodAt, previousPeriod, type Period } from "./period";
import type { CreditReasonCode, CreditReasonParams, RefundReason } from "./credit-reasons";
import { getWorkspacePlan } from "./plan-store";
import type { PlanId } from "./plans";

type Trx = ScopedDb;

/** Serializes the balance-reading movements of one workspace until the transaction ends. */
async function lockCredits(trx: Trx, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${"credits:" + workspaceId}, 0))`.execute(trx);
}

export async function creditBalance(db: Database | Trx, workspaceId: string): Promise<number> {
  const row = await db.selectFrom("credit_ledger").select(sql<string>`coalesce(sum(delta), 0)`.as("balance")).where("workspace_id", "=", workspaceId).executeTakeFirst();
  return Number(row?.balance ?? 0);
}

/**
 * Where a workspace stands against its plan's monthly grant (what "running low" is measured on); `granted` is false
 * until its first grant, when a balance of 0 means credits have not started rather than run out.
 */
export async function creditStanding(db: Database | Trx, workspaceId: string): Promise<{ balance: number; monthlyGrant: number; plan: PlanId; granted: boolean }> {
  const plan = await getWorkspacePlan(db, workspaceId);
  const grant = await db.selectFrom("credit_ledger").select("id").where("workspace_id", "=", workspaceId).where("kind", "=", "grant").limit(1).executeTakeFirst();
  return { balance: await creditBalance(db, workspaceId), monthlyGrant: plan.limits.creditsPerMonth, plan: plan.plan, granted: grant !== undefined };
}

async function insertMovement(
  trx: Trx,
  m: {
    workspaceId: string;
    kind: "grant" | "consume" | "refund" | "topup" | "expire";
    delta: number;
    key: string;
    reason: CreditReasonCode;
    params?: CreditReasonParams;
    at: Date;
    periodStart?: string;
    decisionId?: string | null;
  },
): Promise<boolean> {
  const row = await trx
    .insertInto("credit_ledger")
    .values({
      workspace_id: m.workspaceId,
      kind: m.kind,
      delta: m.delta,
      idempotency_key: m.key,
      reason_code: m.reason,
      reason_params: JSON.stringify(m.params ?? {}),
      created_at: m.at,
      period_start: m.periodStart ?? null,
      decision_id: m.decisionId ?? null,
    })
    .onConflict((oc) => oc.columns(["workspace_id", "idempotency_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  // The balance moved: open pages (the out-of-credits banner, Settings › Billing) refetch it live, on commit.
  if (row) await raiseWorkspaceEvent(trx, m.workspaceId, "credits.changed", { kind: m.kind, delta: m.delta });
  return row !== undefined;
}

/**
 * The grant of the period containing `now`, once (key `grant:<period start>`), after expiring what is left of the
 * previous period's grant: consumption draws on the monthly grant first, so the unused part of the previous grant is
 * max(0, grant − net consumption of that period), capped by the balance; top-ups never expire. Called by the daily
 * `billing.grant_credits` job and, lazily, by the first consumption of a period (both idempotent on the same keys).
 */
export async function grantPeriodCredits(trx: Trx, workspaceId: string, clock: Clock, locked = false): Promise<{ granted: number; expired: number; period: Period }> {
  if (!locked) await lockCredits(trx, workspaceId);
  const now = clock.now();
  const plan = await getWorkspacePlan(trx, workspaceId);
  const period = periodAt(plan.billingDay, now);
  const done = await trx.selectFrom("credit_ledger").select("id").where("workspace_id", "=", workspaceId).where("idempotency_key", "=", `grant:${period.key}`).executeTakeFirst();
  if (done) return { granted: 0, expired: 0, period };
  let expired = 0;
  const last = await trx
    .selectFrom("credit_ledger")
    .select(["delta", "period_start", "created_at"])
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", "grant")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (last) {
    const since = new Date(last.created_at);
    const used = await trx
      .selectFrom("credit_ledger")
      .select(sql<string>`coalesce(-sum(delta), 0)`.as("used"))
      .where("workspace_id", "=", workspaceId)
      .where("kind", "in", ["consume", "refund"])
      .where("created_at", ">=", since)
      .executeTakeFirst();
    const unused = Math.max(0, last.delta - Number(used?.used ?? 0));
    expired = Math.min(unused, await creditBalance(trx, workspaceId));
    if (expired > 0) {
      await insertMovement(trx, { workspaceId, kind: "expire", delta: -expired, key: `expire:${period.key}`, reason: "monthly_expiry", at: now, periodStart: previousPeriod(period).key });
    }
  }
  const amount = plan.limits.creditsPerMonth;
  await insertMovement(trx, { workspaceId, kind: "grant", delta: amount, key: `grant:${period.key}`, reason: "monthly_grant", params: { plan: plan.plan }, at: now, periodStart: period.key });
  return { granted: amount, expired, period };
}

/**
 * One automatic reply's credit, once per decision (key `consume:<decision>`): true when the decision holds a credit
 * (taken now or earlier), false when the balance is 0. Must run inside the transaction that stores the decision, so
 * a rollback returns the credit with it.
 */
export async function consumeCredit(trx: Trx, workspaceId: string, decisionId: string, clock: Clock): Promise<boolean> {
  await lockCredits(trx, workspaceId);
  await grantPeriodCredits(trx, workspaceId, clock, true);
  const already = await trx.selectFrom("credit_ledger").select("id").where("workspace_id", "=", workspaceId).where("idempotency_key", "=", `consume:${decisionId}`).executeTakeFirst();
  if (already) return true;
  if ((await creditBalance(trx, workspaceId)) < 1) return false;
  return insertMovement(trx, { workspaceId, kind: "consume", delta: -1, key: `consume:${decisionId}`, reason: "ai_reply", at: clock.now(), decisionId });
}

/** Gives back a decision's credit when its reply failed for good or was refused before sending; once, and only if taken. */
export async function refundCredit(trx: Trx, workspaceId: string, decisionId: string, clock: Clock, reason: RefundReason = "refund_not_delivered"): Promise<boolean> {
  const taken = await trx.selectFrom("credit_ledger").select("id").where("workspace_id", "=", workspaceId).where("idempotency_key", "=", `consume:${decisionId}`).executeTakeFirst();
  if (!taken) return false;
  return insertMovement(trx, { workspaceId, kind: "refund", delta: 1, key: `refund:${decisionId}`, reason, at: clock.now(), decisionId });
}

/**
 * An automatic reply refunded because its send was uncertain (`refund_uncertain_send`), then proved sent after all (a
 * status or an echo): the customer got it, so its credit is taken again, once (key `proved:<decision>`). Nothing when
 * no such refund was made (proved before the refund, or refunded for another reason). Not gated on the balance: the
 * reply already went out, so the balance may go below 0 and the next reply waits for credits.
 */
export async function chargeProvedSend(trx: Trx, workspaceId: string, decisionId: string, clock: Clock): Promise<boolean> {
  const refunded = await trx
    .selectFrom("credit_ledger")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("idempotency_key", "=", `refund:${decisionId}`)
    .where("reason_code", "=", "refund_uncertain_send")
    .executeTakeFirst();
  if (!refunded) return false;
  return insertMovement(trx, { workspaceId, kind: "consume", delta: -1, key: `proved:${decisionId}`, reason: "ai_reply_proved_sent", at: clock.now(), decisionId });
}

/** An operator's top-up (never expires), `note` in their own words. `key` makes a retried command a no-op. */
export async function topUpCredits(trx: Trx, input: { workspaceId: string; amount: number; note: string; key: string }, clock: Clock): Promise<boolean> {
  if (!Number.isInteger(input.amount) || input.amount < 1) throw new RangeError("A top-up is a whole number of credits, at least 1");
  return insertMovement(trx, { workspaceId: input.workspaceId, kind: "topup", delta: input.amount, key: `topup:${input.key}`, reason: "top_up", params: { note: input.note }, at: clock.now() });
}

export interface LedgerEntry {
  id: string;
  kind: string;
  delta: number;
  reasonCode: CreditReasonCode;
  reasonParams: CreditReasonParams;
  decisionId: string | null;
  createdAt: Date;
}

/** The ledger, newest first, by pages: `cursor` is the last id of the previous page. */
export async function listLedger(db: Database | Trx, workspaceId: string, opts: { limit: number; cursor?: string | null }): Promise<{ items: LedgerEntry[]; nextCursor: string | null }> {
  let q = db
    .selectFrom("credit_ledger")
    .select(["id", "kind", "delta", "reason_code", "reason_params", "decision_id", "created_at"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("id", "desc")
    .limit(opts.limit + 1);
  if (opts.cursor) q = q.where("id", "<", sql<number>`${opts.cursor}::bigint`);
  const rows = await q.execute();
  const items = rows.slice(0, opts.limit).map((r) => ({
    id: String(r.id),
    kind: r.kind,
    delta: r.delta,
    // The database CHECK keeps the code within CREDIT_REASONS.
    reasonCode: r.reason_code as CreditReasonCode,
    reasonParams: r.reason_params as CreditReasonParams,
    decisionId: r.decision_id,
    createdAt: new Date(r.created_at),
  }));
  return { items, nextCursor: rows.length > opts.limit ? items[items.length - 1]!.id : null };
}

/** Every workspace's grant for its current period (the job's work): a no-op for those already granted. */
export async function grantDueCredits(db: Database, clock: Clock): Promise<{ workspaces: number; granted: number }> {
  // `workspaces` is a shared read: the list of workspaces.
  const rows = await db.selectFrom("workspaces").select("id").execute();
  let granted = 0;
  for (const { id } of rows) {
    const r = await withWorkspace(db, id, (trx) => grantPeriodCredits(trx, id, clock));
    if (r.granted > 0) granted += 1;
  }
  return { workspaces: rows.length, granted };
}
