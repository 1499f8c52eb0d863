/** A workspace's plan (`workspace_plans`), and the one function that changes it. */
import { type Database, type ScopedDb } from "@sillage/db";
import type { Clock } from "@sillage/time";
import { BillingError } from "./errors";
import { billingDayOf } from "./period";
import { DEFAULT_PLAN, PLANS, planIdSchema, type PlanId, type PlanLimits } from "./plans";

export interface WorkspacePlan {
  plan: PlanId;
  limits: PlanLimits;
  billingDay: number;
  /** False when the workspace has no row yet and runs on `DEFAULT_PLAN`. */
  explicit: boolean;
}

export async function getWorkspacePlan(db: Database | ScopedDb, workspaceId: string): Promise<WorkspacePlan> {
  // `workspaces` is read for its creation date only (shared read): the default billing day.
  const row = await db
    .selectFrom("workspaces")
    .leftJoin("workspace_plans", "workspace_plans.workspace_id", "workspaces.id")
    .select(["workspaces.created_at", "workspace_plans.plan", "workspace_plans.billing_day"])
    .where("workspaces.id", "=", workspaceId)
    .executeTakeFirst();
  if (!row) throw new BillingError("unknown_workspace", {}, `Workspace ${workspaceId} not found`);
  const parsed = planIdSchema.safeParse(row.plan);
  const plan = parsed.success ? parsed.data : DEFAULT_PLAN;
  return { plan, limits: PLANS[plan], billingDay: row.billing_day ?? billingDayOf(new Date(row.created_at)), explicit: parsed.success };
}

export interface ChangePlanInput {
  workspaceId: string;
  plan: PlanId;
  /** Who asked: `cli:<operator>`, `provider:<event id>`… kept on the row. */
  by: string;
  /** Keep the billing day unless given (a provider's subscription anchor). */
  billingDay?: number;
}

/**
 * THE way a workspace changes plan: the operator CLI calls it today, a payment provider's webhook handler will call it
 * tomorrow (verify the event, map its price to a `PlanId`, call this with `by: "provider:<event id>"`). Limits apply
 * at once (the gate reads the plan on every check); credits follow at the next billing day's grant. Nothing is
 * deleted on a downgrade: over-limit workspaces keep what they have and cannot add more.
 */
export async function changePlan(db: Database | ScopedDb, input: ChangePlanInput, clock: Clock): Promise<WorkspacePlan> {
  const plan = planIdSchema.parse(input.plan);
  const current = await getWorkspacePlan(db, input.workspaceId);
  const billingDay = input.billingDay ?? current.billingDay;
  await db
    .insertInto("workspace_plans")
    .values({ workspace_id: input.workspaceId, plan, billing_day: billingDay, changed_at: clock.now(), changed_by: input.by })
    .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ plan, billing_day: billingDay, changed_at: clock.now(), changed_by: input.by }))
    .execute();
  return { plan, limits: PLANS[plan], billingDay, explicit: true };
}
