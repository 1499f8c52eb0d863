import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Card } from "../Card";
import { FormError } from "../Field";
import { QueryStatus } from "../QueryStatus";
import { DeliveryOutcome } from "./DeliveryOutcome";

/** The latest deliveries, newest first: event, status and attempts, the receiver's answer in words, the body on demand. */
export function DeliveryLog() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useFormatters();
  const hooks = useQuery(trpc.workspace.webhooks.list.queryOptions());
  const deliveries = useQuery({
    ...trpc.workspace.webhooks.deliveries.queryOptions({ limit: 50 }),
    // A delivery on its way (a test, a retry) is followed until it settles.
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === "pending") ? 2000 : false),
  });
  const [notice, setNotice] = useState<string | null>(null);
  const redeliver = useMutation(
    trpc.workspace.webhooks.redeliver.mutationOptions({
      onSuccess: () => {
        setNotice(t("webhooks.retried"));
        void queryClient.invalidateQueries(trpc.workspace.webhooks.deliveries.queryFilter());
        void queryClient.invalidateQueries(trpc.workspace.webhooks.list.queryFilter());
      },
    }),
  );
  const urlOf = (id: string) => hooks.data?.find((h) => h.id === id)?.url ?? "";

  return (
    <Card titleId="webhooks-log" title={t("webhooks.logTitle")} description={t("webhooks.logCaption")}>
      <QueryStatus query={deliveries} />
      {notice && (
        <p className="alert alert--info" role="status">
          {notice}
        </p>
      )}
      <FormError message={errorMessageOf(redeliver.error, t)} />
      {deliveries.data && deliveries.data.length === 0 && <p className="muted">{t("webhooks.logEmpty")}</p>}
      {deliveries.data && deliveries.data.length > 0 && (
        <ul className="hooks" data-testid="webhook-deliveries">
          {deliveries.data.map((d) => (
            <li key={d.id} className="hook" data-testid="webhook-delivery" data-status={d.status}>
              <div className="hook__main">
                <span>
                  <time dateTime={new Date(d.createdAt).toISOString()}>{format.dateTime(d.createdAt)}</time> ·{" "}
                  {d.event === "test" ? t("webhooks.event.test") : t("webhooks.event.notification", { kind: kindName(d.body, t as unknown as (key: string) => string) })}
                </span>
                <span className="hook__url">{urlOf(d.webhookId)}</span>
                <span className="hook__meta">
                  <DeliveryOutcome delivery={d} /> · {t("webhooks.attempts", { count: d.attempts })}
                </span>
                <details className="delivery__body">
                  <summary>{t("webhooks.showBody")}</summary>
                  <pre>
                    <code>{pretty(d.body)}</code>
                  </pre>
                </details>
              </div>
              {d.status === "failed" && (
                <div className="hook__actions">
                  <button type="button" className="btn btn--sm" disabled={redeliver.isPending} onClick={() => redeliver.mutate({ id: d.id })} data-testid="webhook-redeliver">
                    {t("webhooks.retry")}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The notification kind's name in the reader's language (the body names it). */
function kindName(body: string, t: (key: string) => string): string {
  try {
    const kind = (JSON.parse(body) as { kind?: string }).kind ?? "";
    return t(`notifications.kindNames.${kind}`);
  } catch {
    return "";
  }
}
