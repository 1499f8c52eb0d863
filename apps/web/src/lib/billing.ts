/**
 * A plan-limit refusal in the reader's language: the server's `data.appError` `billing_limit_reached` /
 * `billing_feature_not_in_plan` with its parameters (feature, limit, used, plan, upgradeTo), rendered from `billing.*`.
 */
import type { TFunction } from "i18next";

const FEATURES = ["channels", "posts", "members", "knowledge", "analytics", "topics", "credits"] as const;
const PLANS = ["free", "pro", "business"] as const;

export const planLabel = (t: TFunction, plan: unknown) => (PLANS.includes(plan as "free") ? t(`billing.planName.${plan as "free"}`) : String(plan ?? ""));

/** A knowledge size as people write it: "850 kB", and from 1,000 kB on "100 MB" (not "100,000 kB"). */
export function knowledgeSize(bytes: number): { unit: "kb" | "mb"; value: number } {
  return bytes >= 1_000_000 ? { unit: "mb", value: Math.round(bytes / 100_000) / 10 } : { unit: "kb", value: Math.ceil(bytes / 1000) };
}

export function billingErrorOf(data: unknown, t: TFunction): string | null {
  const reason = (data as { appError?: { code?: string; params?: Record<string, unknown> } | null } | undefined)?.appError;
  if (!reason?.code?.startsWith("billing_")) return null;
  const p = reason.params ?? {};
  const feature = FEATURES.includes(p.feature as "channels") ? t(`billing.feature.${p.feature as "channels"}`) : String(p.feature ?? "");
  const lift = p.upgradeTo ? t("billing.errors.liftTo", { plan: planLabel(t, p.upgradeTo) }) : t("billing.errors.liftContact");
  const plan = planLabel(t, p.plan);
  const fmt = (v: unknown) => {
    if (p.feature !== "knowledge" || typeof v !== "number") return String(v ?? "");
    const size = knowledgeSize(v);
    return t(`billing.${size.unit}`, { value: size.value });
  };
  if (reason.code === "billing_limit_reached") return t("billing.errors.limit_reached", { feature, used: fmt(p.used), limit: fmt(p.limit), plan, lift });
  if (reason.code === "billing_feature_not_in_plan") return t("billing.errors.feature_not_in_plan", { feature, plan, lift });
  return null;
}

/**
 * A credit movement's detail in the reader's language, from the ledger's `reasonCode` and `reasonParams` (codes:
 * @sillage/billing CREDIT_REASONS). A top-up's note and a legacy row's text are the words someone wrote, shown as is.
 */
export function creditReason(t: TFunction, entry: { reasonCode: string; reasonParams: Record<string, unknown> }): string {
  const p = entry.reasonParams ?? {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  if (entry.reasonCode === "monthly_grant") return t("billing.reasons.monthly_grant", { plan: planLabel(t, p.plan) });
  if (entry.reasonCode === "top_up") return t("billing.reasons.top_up", { note: text(p.note) });
  if (entry.reasonCode === "legacy") return text(p.text);
  // A code newer than this page: its name rather than nothing.
  return t(`billing.reasons.${entry.reasonCode as "ai_reply"}`, { defaultValue: entry.reasonCode });
}
