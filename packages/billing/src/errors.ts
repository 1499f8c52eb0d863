/**
 * What billing refuses, as a code with parameters the SPA renders in the reader's language (`billing.errors.*`):
 * which limit, the plan's value, the usage, and the plan that lifts it.
 */
export type BillingErrorCode = "limit_reached" | "feature_not_in_plan" | "no_credits" | "unknown_workspace";

export interface BillingErrorParams {
  feature?: string;
  limit?: number;
  used?: number;
  requested?: number;
  plan?: string;
  /** The plan that lifts the limit (null on the top plan: contact us). */
  upgradeTo?: string | null;
}

export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    readonly params: BillingErrorParams,
    message: string,
  ) {
    super(message);
    this.name = "BillingError";
  }
}
