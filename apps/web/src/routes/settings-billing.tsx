import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { createLazyRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Card } from "../components/Card";
import { SettingsPageTop } from "../components/settings/SettingsPageTop";
import { creditReason, knowledgeSize, planLabel } from "../lib/billing";
import { useFormatters } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import "../components/billing/billing.css";

/** Settings › Plan and credits: the plan and its limits with usage bars, the credits balance and its history. */
export const Route = createLazyRoute("/app/settings/billing")({ component: BillingPage });

type Counted = "channels" | "posts" | "members" | "knowledge";

function BillingPage() {
  const { t } = useTranslation();
  // The period is whole UTC days (the server bills by UTC day); the history is in the reader's zone and format.
  const periodFormat = useFormatters("UTC");
  const format = useFormatters();
  const trpc = useTRPC();
  const plan = useQuery(trpc.billing.plan.queryOptions());
  const credits = useInfiniteQuery(
    trpc.billing.credits.infiniteQueryOptions({ limit: 20 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const p = plan.data;
  const balance = credits.data?.pages[0]?.balance;
  const rows: { key: Counted; used: number; limit: number | null }[] = p
    ? [
        { key: "channels", used: p.usage.channels, limit: p.limits.channels },
        { key: "posts", used: p.usage.posts, limit: p.limits.postsPerMonth },
        { key: "members", used: p.usage.members, limit: p.limits.members },
        { key: "knowledge", used: p.usage.knowledge, limit: p.limits.knowledgeBytes },
      ]
    : [];
  const show = (key: Counted, v: number) => {
    const size = knowledgeSize(v);
    return key === "knowledge" ? t(`billing.${size.unit}`, { value: format.number(size.value) }) : format.number(v);
  };
  return (
    <div className="page">
      <SettingsPageTop title={t("billing.title")} description={t("billing.description")} />
      <div className="stack">
        <Card titleId="billing-plan" title={t("billing.planTitle")} description={t("billing.changePlan")}>
          {p && (
            <p data-testid="billing-plan">
              {t("billing.currentPlan", { plan: planLabel(t, p.plan), start: periodFormat.date(p.period.start), end: periodFormat.date(p.period.end), day: p.billingDay })}
            </p>
          )}
        </Card>
        <Card titleId="billing-limits" title={t("billing.limitsTitle")}>
          {p && (
            <ul className="billing-limits" data-testid="billing-limits">
              {rows.map((r) => {
                const pct = r.limit ? Math.min(100, Math.round((r.used / r.limit) * 100)) : 0;
                const label = r.limit === null ? t("billing.unlimited") : t("billing.usageOf", { used: show(r.key, r.used), limit: show(r.key, r.limit) });
                return (
                  <li key={r.key} data-testid={`limit-${r.key}`}>
                    <span className="billing-limits__name">{t(`billing.feature.${r.key}`)}</span>
                    <span className="billing-limits__value">{label}</span>
                    {r.limit !== null && (
                      <progress className={pct >= 100 ? "billing-bar billing-bar--full" : "billing-bar"} max={r.limit} value={Math.min(r.used, r.limit)} aria-label={t("billing.usageLabel", { feature: t(`billing.feature.${r.key}`), usage: label })} />
                    )}
                  </li>
                );
              })}
              <li>
                <span className="billing-limits__name">{t("billing.feature.credits")}</span>
                <span className="billing-limits__value">{format.number(p.limits.creditsPerMonth)}</span>
              </li>
              {(["analytics", "topics"] as const).map((f) => (
                <li key={f}>
                  <span className="billing-limits__name">{t(`billing.feature.${f}`)}</span>
                  <span className="billing-limits__value">{p.limits[f] ? t("billing.included") : t("billing.notIncluded")}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card titleId="billing-at-limit" title={t("billing.atLimitTitle")}>
          <ul className="billing-notes">
            <li>{t("billing.atLimit.counted")}</li>
            <li>{t("billing.atLimit.credits")}</li>
            <li>{t("billing.atLimit.expiry")}</li>
          </ul>
        </Card>
        <Card titleId="billing-credits" title={t("billing.creditsTitle")}>
          {balance !== undefined && (
            <p className="billing-balance" data-testid="credits-balance">
              {t("billing.balance", { count: balance, amount: format.number(balance) })}
            </p>
          )}
          <h3>{t("billing.historyTitle")}</h3>
          {credits.data && credits.data.pages[0]!.items.length === 0 ? (
            <p>{t("billing.empty")}</p>
          ) : (
            <div className="table-wrap">
              <table className="billing-history" data-testid="credits-history">
                <thead>
                  <tr>
                    <th scope="col">{t("billing.colDate")}</th>
                    <th scope="col">{t("billing.colKind")}</th>
                    <th scope="col">{t("billing.colDelta")}</th>
                    <th scope="col">{t("billing.colReason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {credits.data?.pages.flatMap((pg) =>
                    pg.items.map((e) => (
                      <tr key={e.id}>
                        <td>{format.dateTime(e.createdAt)}</td>
                        <td>{t(`billing.kind.${e.kind as "grant"}`, { defaultValue: e.kind })}</td>
                        <td>{format.signedNumber(e.delta)}</td>
                        <td>{creditReason(t, e)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          )}
          {credits.hasNextPage && (
            <button type="button" className="btn" onClick={() => void credits.fetchNextPage()} disabled={credits.isFetchingNextPage}>
              {t("billing.more")}
            </button>
          )}
        </Card>
      </div>
    </div>
  );
}
