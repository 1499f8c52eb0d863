import { creditBalance, CREDIT_REASONS, dailyUsage, grantPeriodCredits, listLedger, PLANS, PLAN_IDS, usageOf } from "@sillage/billing";
import { z } from "zod";
import { fieldIssue } from "../error-codes";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

/** A ledger id as the previous page gave it: digits within PostgreSQL's bigint (19 nines were out of range: an error 500). */
const ledgerCursor = z
  .string()
  .max(19)
  .regex(/^\d{1,19}$/)
  .refine((c) => BigInt(c) <= 9_223_372_036_854_775_807n, fieldIssue("invalid_format"));

export const billingRouter = createTRPCRouter({
  /** The workspace's plan, its limits (null = unlimited), usage this billing period, and every plan to compare. */
  plan: workspaceProcedure.query(async ({ ctx }) => {
    // The period's grant is made at the billing day by the hourly job, or here first (same key: never twice).
    await grantPeriodCredits(ctx.db, ctx.workspace.id, ctx.clock);
    const { plan, period, usage } = await usageOf(ctx.db, ctx.workspace.id, ctx.clock);
    return {
      plan: plan.plan,
      limits: plan.limits,
      billingDay: plan.billingDay,
      period: { start: period.start, end: period.end },
      usage,
      plans: PLAN_IDS.map((id) => ({ id, limits: PLANS[id] })),
    };
  }),

  /** The credits balance and the ledger, newest first; `cursor` is the previous page's `nextCursor`. */
  credits: workspaceProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(20), cursor: ledgerCursor.nullish() }).optional())
    .query(async ({ ctx, input }) => {
      await grantPeriodCredits(ctx.db, ctx.workspace.id, ctx.clock);
      const page = await listLedger(ctx.db, ctx.workspace.id, { limit: input?.limit ?? 20, cursor: input?.cursor });
      return { balance: await creditBalance(ctx.db, ctx.workspace.id), ...page };
    }),

  /** Usage per UTC day of the current billing period: credits used (net of refunds) and publications due. */
  usage: workspaceProcedure.query(async ({ ctx }) => {
    const { period } = await usageOf(ctx.db, ctx.workspace.id, ctx.clock);
    return { period: { start: period.start, end: period.end }, days: await dailyUsage(ctx.db, ctx.workspace.id, period) };
  }),
});

/** The ledger's entries as `billing.credits` returns them, for docs/api.md. */
export const creditsLedgerDoc = [
  "## Credits ledger (`billing.credits`)",
  "",
  "Each item is one movement: `id`, `kind` (`grant`, `consume`, `refund`, `topup`, `expire`), `delta` (signed),",
  "`decisionId` (the AI decision a consumption or refund belongs to), `createdAt`, and why it moved as a code with",
  "parameters, never a sentence: `reasonCode`, one of",
  CREDIT_REASONS.map((c) => `\`${c}\``).join(", ") + ";",
  "`reasonParams`: `{ plan }` for `monthly_grant`, `{ note }` (the operator's words) for `top_up`, `{ text }` (a",
  "sentence stored before codes) for `legacy`, `{}` otherwise.",
];
