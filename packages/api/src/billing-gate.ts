import { assertAllowed, BillingError, type Feature } from "@sillage/billing";
import type { ScopedDb } from "@sillage/db";
import type { Clock } from "@sillage/time";
import type { TRPCError } from "@trpc/server";
import { apiError } from "./error-codes";

/** A billing refusal as the API answers it: FORBIDDEN with `data.appError` = `billing_<code>` and its parameters. */
export function billingApiError(err: BillingError): TRPCError {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(err.params)) if (typeof v === "string" || typeof v === "number") params[k] = v;
  return apiError("FORBIDDEN", `billing_${err.code}`, params, err);
}

/**
 * The plan's gate for a procedure: `assertAllowed`, its refusal mapped to the API's error. It runs in the procedure's
 * transaction, so the feature stays locked for the workspace until the addition it allowed commits.
 */
export async function gate(ctx: { db: ScopedDb; workspace: { id: string }; clock: Clock }, feature: Feature, amount: number): Promise<void> {
  await assertAllowed(ctx.db, ctx.workspace.id, feature, amount, ctx.clock).catch((err: unknown) => {
    throw err instanceof BillingError ? billingApiError(err) : err;
  });
}
