import type { RouterOutputs } from "../../lib/trpc";
import { useQuery } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { useCallback, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { zoneName } from "../../lib/timezones";
import { useTRPC } from "../../lib/trpc";
import { Card } from "../Card";
import { collidingHandles } from "../channels/channel-handle";
import { EmptyState } from "../EmptyState";
import { QueryStatus } from "../QueryStatus";
import { KpiChart } from "./KpiChart";

type Summary = RouterOutputs["analytics"]["summary"];
type Metric = Summary["metrics"][number];
type Window = RouterOutputs["analytics"]["kpis"]["windows"][number];

/** Which way is good: lower response times and fewer unanswered turns are better; volumes are neither. */
const BETTER: Partial<Record<Metric, "up" | "down">> = {
  frt_p50_seconds: "down",
  frt_human_p50_seconds: "down",
  unanswered_turns: "down",
  auto_reply_rate: "up",
};
const CHART_METRICS: Metric[] = ["messages_count", "comments_count", "frt_p50_seconds", "auto_reply_rate", "escalate_count", "posts_active"];

function useFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "fr";
  return useCallback(
    (metric: Metric, v: number | null | undefined): string => {
      const num = (x: number, digits = 0) => x.toLocaleString(locale, { maximumFractionDigits: digits });
      if (v == null) return "—";
      if (metric === "auto_reply_rate") return t("kpis.percent", { value: num(v * 100) });
      if (metric === "frt_p50_seconds" || metric === "frt_human_p50_seconds") {
        const a = Math.abs(v);
        if (a < 120) return t("kpis.seconds", { value: num(v) });
        if (a < 7200) return t("kpis.minutesValue", { value: num(v / 60, 1) });
        return t("kpis.hoursValue", { value: num(v / 3600, 1) });
      }
      return num(v);
    },
    [t, locale],
  );
}

function KpiCard({ metric, summary }: { metric: Metric; summary: Summary }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const tipId = useId();
  const value = summary.current.values[metric];
  const before = summary.previous.values[metric];
  const delta = summary.delta[metric];
  const better = BETTER[metric];
  const tone = delta == null || delta === 0 || !better ? "neutral" : (delta > 0) === (better === "up") ? "good" : "bad";
  const arrow = delta == null || delta === 0 ? "→" : delta > 0 ? "↑" : "↓";
  const definition = summary.definitions[metric][i18n.language === "en" ? "en" : "fr"];
  const label = t(`kpis.metrics.${metric}`);
  return (
    <article className="kpi-card" data-testid={`kpi-card-${metric}`} aria-labelledby={`${tipId}-title`}>
      <h3 className="kpi-card__title" id={`${tipId}-title`}>
        {label}
        <span className="kpi-tip">
          <button type="button" className="kpi-tip__button" aria-label={t("kpis.definition", { metric: label })} aria-describedby={tipId}>
            ?
          </button>
          <span role="tooltip" id={tipId} className="kpi-tip__text">
            {definition}
          </span>
        </span>
      </h3>
      <p className="kpi-card__value">{fmt(metric, value)}</p>
      <p className={`kpi-card__delta kpi-card__delta--${tone}`}>
        {before == null && value != null ? (
          t("kpis.noPrevious")
        ) : (
          <>
            <span aria-hidden="true">{arrow} </span>
            {delta == null ? "—" : `${delta > 0 ? "+" : ""}${fmt(metric, delta)}`}
            {tone !== "neutral" && <span className="sr-only"> ({t(tone === "good" ? "kpis.better" : "kpis.worse")})</span>}
            <span className="kpi-card__vs"> {t("kpis.vsD7")}</span>
          </>
        )}
      </p>
    </article>
  );
}

function toCsv(windows: Window[], zone: string, metrics: readonly Metric[]): string {
  const head = ["window_start", "window_end", "local_start", "minutes", ...metrics];
  const rows = windows.map((w) => [
    w.windowStart.toISOString(),
    w.windowEnd.toISOString(),
    DateTime.fromJSDate(w.windowStart, { zone }).toFormat("yyyy-MM-dd HH:mm"),
    String(w.minutes),
    ...metrics.map((m) => (w[m] == null ? "" : String(w[m]))),
  ]);
  return [head, ...rows].map((r) => r.join(",")).join("\n") + "\n";
}

export function KpiDashboard() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const fmt = useFormat();
  const [channelId, setChannelId] = useState<string>("");
  const [chartMetric, setChartMetric] = useState<Metric>("messages_count");
  const filter = channelId ? { channelId } : {};
  const channels = useQuery(trpc.channels.list.queryOptions());
  const handleOf = collidingHandles(channels.data ?? [], (c) => c.displayName);
  const summary = useQuery(trpc.analytics.summary.queryOptions(filter, { refetchInterval: 5 * 60_000 }));
  const s = summary.data;
  const current = useQuery({ ...trpc.analytics.kpis.queryOptions({ from: s?.current.from ?? new Date(0), to: s?.current.to ?? new Date(1), ...filter }), enabled: Boolean(s) });
  const previous = useQuery({ ...trpc.analytics.kpis.queryOptions({ from: s?.previous.from ?? new Date(0), to: s?.previous.to ?? new Date(1), ...filter }), enabled: Boolean(s) });
  const zone = s?.timeZone ?? "Europe/Paris";
  const locale = i18n.language === "en" ? "en" : "fr";
  const windows = current.data?.windows ?? [];
  const chart = useMemo(() => {
    const x = windows.map((w) => w.windowStart.getTime() / 1000);
    const pick = (w: Window | undefined) => (w ? (w[chartMetric] as number | null) : null);
    return { x, current: windows.map(pick), previous: windows.map((_, i) => pick(previous.data?.windows[i])) };
  }, [windows, previous.data, chartMetric]);
  const labels = useMemo<[string, string]>(() => [t("kpis.current"), t("kpis.previous")], [t]);
  const formatX = useCallback((sec: number) => DateTime.fromSeconds(sec, { zone }).setLocale(locale).toFormat("ccc HH:mm"), [zone, locale]);
  const empty = s && s.metrics.every((m) => !s.current.values[m]) && windows.every((w) => !w.messages_count && !w.comments_count && !w.decisions_count && !w.posts_published);

  const download = () => {
    if (!s) return;
    const blob = new Blob([toCsv([...(previous.data?.windows ?? []), ...windows], zone, s.metrics)], { type: "text/csv" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `sillage-kpis-${DateTime.fromJSDate(s.current.to, { zone }).toFormat("yyyy-MM-dd-HHmm")}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  return (
    <div className="stack">
      <div className="kpi-toolbar">
        <label className="kpi-field">
          <span>{t("kpis.channel")}</span>
          <select className="input select" value={channelId} onChange={(e) => setChannelId(e.target.value)} data-testid="kpi-channel">
            <option value="">{t("kpis.allChannels")}</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName} ({c.platform === "whatsapp" ? "WhatsApp" : "Instagram"}){handleOf(c) ? ` · ${handleOf(c)}` : ""}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={download} disabled={!current.data} data-testid="kpi-export">
          {t("kpis.exportCsv")}
        </button>
      </div>
      <p className="muted" data-testid="kpi-zone" title={zone}>
        {t("kpis.zone", { zone: zoneName(zone, locale) })}
      </p>
      <QueryStatus query={summary} />
      {s && empty && (
        <EmptyState icon="chart" title={t("kpis.emptyTitle")} items={[t("kpis.empty1"), t("kpis.empty2"), t("kpis.empty3")]}>
          {t("kpis.emptyBody")}
        </EmptyState>
      )}
      {s && !empty && (
        <>
          <section className="kpi-cards" aria-label={t("kpis.last48")}>
            {s.metrics.map((m) => (
              <KpiCard key={m} metric={m} summary={s} />
            ))}
          </section>
          <Card titleId="kpi-chart-title" title={t("kpis.chartTitle")}>
            <label className="kpi-field">
              <span>{t("kpis.chartMetric")}</span>
              <select className="input select" value={chartMetric} onChange={(e) => setChartMetric(e.target.value as Metric)} data-testid="kpi-chart-metric">
                {CHART_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {t(`kpis.metrics.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            {windows.length > 0 && <KpiChart x={chart.x} current={chart.current} previous={chart.previous} labels={labels} xLabel={t("kpis.window")} ariaLabel={t("kpis.chartAlt", { metric: t(`kpis.metrics.${chartMetric}`) })} format={formatX} />}
            <details className="kpi-table">
              <summary>{t("kpis.tableSummary")}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("kpis.window")}</th>
                    <th scope="col">{t("kpis.length")}</th>
                    <th scope="col">{t("kpis.current")}</th>
                    <th scope="col">{t("kpis.previous")}</th>
                  </tr>
                </thead>
                <tbody>
                  {windows.map((w, i) => (
                    <tr key={w.windowStart.toISOString()}>
                      <td>
                        {DateTime.fromJSDate(w.windowStart, { zone }).setLocale(locale).toFormat("ccc d LLL HH:mm")}–{DateTime.fromJSDate(w.windowEnd, { zone }).toFormat("HH:mm")}
                      </td>
                      <td>{w.minutes === 120 ? t("kpis.minutes", { count: w.minutes }) : t("kpis.shortWindow", { count: w.minutes })}</td>
                      <td>{fmt(chartMetric, chart.current[i])}</td>
                      <td>{fmt(chartMetric, chart.previous[i])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </Card>
        </>
      )}
    </div>
  );
}
