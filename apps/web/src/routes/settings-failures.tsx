import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createLazyRoute } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SettingsPageTop } from "../components/settings/SettingsPageTop";
import { Card } from "../components/Card";
import { DataTable } from "../components/DataTable";
import { FormError } from "../components/Field";
import { QueryStatus } from "../components/QueryStatus";
import { errorMessageOf, renderStoredReason } from "../lib/errors";
import { useFormatters } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { useWorkspace } from "../lib/workspace";

/** Settings › Failures: the workspace's failed publications and replies, for admins, each with a retry button. */
export const Route = createLazyRoute("/app/settings/failures")({ component: FailuresPage });

function FailuresPage() {
  const { t } = useTranslation();
  const { canManage } = useWorkspace();
  return (
    <div className="page">
      <SettingsPageTop title={t("failures.title")} description={t("failures.description")} />
      {canManage ? (
        <FailureLists />
      ) : (
        <p className="alert alert--info" data-testid="failures-admin-only">
          {t("failures.adminOnly")}
        </p>
      )}
    </div>
  );
}

function FailureLists() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useFormatters();
  const failures = useQuery(trpc.failures.list.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries(trpc.failures.list.queryFilter());
  const retryPost = useMutation(
    trpc.posts.retry.mutationOptions({
      onSuccess: () => {
        setNotice(t("failures.retried"));
        refresh();
      },
    }),
  );
  const retryReply = useMutation(
    trpc.failures.retryReply.mutationOptions({
      onSuccess: (res) => {
        setNotice(res.result === "uncertain" ? t("failures.uncertain") : t("failures.retried"));
        refresh();
      },
    }),
  );

  return (
    <div className="stack">
      <QueryStatus query={failures} />
      {notice && (
        <p className="alert alert--info" role="status" data-testid="failures-notice">
          {notice}
        </p>
      )}
      <FormError message={errorMessageOf(retryPost.error ?? retryReply.error, t)} />
      {failures.data && (
        <>
          <Card titleId="failures-publications" title={t("failures.publications")}>
            <DataTable
              rows={failures.data.publications}
              columns={[t("failures.due"), t("failures.platform"), t("failures.post"), t("failures.reason")]}
              actions
              caption={t("failures.publications")}
              empty={t("failures.publicationsNone")}
              testId="failed-publications"
              stackOnPhone
            >
              {(p) => (
                <tr key={p.id}>
                  <td data-label={t("failures.due")}>{format.dateTime(p.dueAt)}</td>
                  <td data-label={t("failures.platform")}>{p.platform}</td>
                  <td className="cell-lead">{p.excerpt}</td>
                  <td className="detail__error">{renderStoredReason({ code: p.statusReasonCode, params: p.statusReasonParams, text: p.statusReason })}</td>
                  <td className="cell-actions">
                    <button type="button" className="btn btn--sm" disabled={retryPost.isPending} onClick={() => retryPost.mutate({ id: p.postId, publicationId: p.id })} data-testid="retry-publication">
                      {t("failures.retry")}
                    </button>
                  </td>
                </tr>
              )}
            </DataTable>
          </Card>
          <Card titleId="failures-replies" title={t("failures.replies")}>
            <DataTable
              rows={failures.data.replies}
              columns={[t("failures.failedAt"), t("failures.platform"), t("failures.reason")]}
              actions
              caption={t("failures.replies")}
              empty={t("failures.repliesNone")}
              testId="failed-replies"
              stackOnPhone
            >
              {(r) => (
                <tr key={r.id}>
                  <td data-label={t("failures.failedAt")}>{format.dateTime(r.failedAt)}</td>
                  <td data-label={t("failures.platform")}>
                    {r.channelName ?? r.platform}
                    {r.automatic && <span className="muted"> · {t("failures.automatic")}</span>}
                  </td>
                  <td className="detail__error">{renderStoredReason({ code: r.errorClass ? `platform.${r.errorClass}` : null, params: { platform: r.platform }, text: r.errorMessage ?? r.errorClass })}</td>
                  <td className="cell-actions">
                    <button type="button" className="btn btn--sm" disabled={retryReply.isPending} onClick={() => retryReply.mutate({ id: r.id })} data-testid="retry-reply">
                      {t("failures.retry")}
                    </button>
                  </td>
                </tr>
              )}
            </DataTable>
          </Card>
        </>
      )}
    </div>
  );
}
