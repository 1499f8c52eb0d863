/**
 * A plan-limit refusal in the reader's language: the server's `data.appError` `billing_limit_reached` /
 * `billing_feature_not_in_plan` with its parameters (feature, limit, used, plan, upgradeTo), rendered from `billing.*`.
 */
import type { TFunction } from "i18next";

const FEATURES = ["channels", "posts", "members", "knowledge", "analytics", "topics", "credits"] as const;
const PLANS = ["free", "pro", "business"] as const;

export const planLabel = (t: TFunction, plan: unknown) => (PLANS.includes(plan as "free") ? t(`billing.planName.${plan as "free"}`) : String(plan ?? ""));

export function billingErrorOf(data: unknown, t: TFunction): string | null {
  const reason = (data as { appError?: { code?: string; params?: Record<string, unknown> } | null } | undefined)?.appError;
  if (!reason?.code?.startsWith("billing_")) return null;
  const p = reason.params ?? {};
  const feature = FEATURES.includes(p.feature as "channels") ? t(`billing.feature.${p.feature as "channels"}`) : String(p.feature ?? "");
  const lift = p.upgradeTo ? t("billing.errors.liftTo", { plan: planLabel(t, p.upgradeTo) }) : t("billing.errors.liftContact");
  const plan = planLabel(t, p.plan);
  const fmt = (v: unknown) => (p.feature === "knowledge" && typeof v === "number" ? t("billing.kb", { value: Math.ceil(v / 1000) }) : String(v ?? ""));
  if (reason.code === "billing_limit_reached") return t("billing.errors.limit_reached", { feature, used: fmt(p.used), limit: fmt(p.limit), plan, lift });
  if (reason.code === "billing_feature_not_in_plan") return t("billing.errors.feature_not_in_plan", { feature, plan, lift });
  return null;
}

/**
 * A credit movement's detail in the reader's language. The ledger stores the server's English words; those it writes
 * itself are known here, and anything else (a top-up's reason, typed by whoever granted it) is shown as written.
 */
export function creditReason(t: TFunction, reason: string): string {
  const monthly = /^monthly credits \((\w+)\)$/.exec(reason);
  if (monthly) return t("billing.reasons.monthly", { plan: planLabel(t, monthly[1]) });
  const key = SYSTEM_REASONS[reason];
  return key ? t(`billing.reasons.${key}`) : reason;
}

// The sentences packages/billing (credits.ts) and the reply paths (autoreply, inbox) store.
const SYSTEM_REASONS: Record<string, "expired" | "autoReply" | "notDelivered" | "refusedBeforeSending" | "refusedByPlatform"> = {
  "unused monthly credits expired": "expired",
  "automatic reply": "autoReply",
  "automatic reply not delivered": "notDelivered",
  "automatic reply refused before sending": "refusedBeforeSending",
  "automatic reply refused by the platform": "refusedByPlatform",
};
