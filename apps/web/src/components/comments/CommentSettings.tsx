import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";

/** How automatic answers to comments go out, and whether spam is hidden at once (admins). */
export function CommentSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const workspace = useQuery(trpc.workspace.get.queryOptions());
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.workspace.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries(trpc.workspace.get.queryFilter());
      },
    }),
  );
  if (!canManage || !workspace.data) return null;
  const w = workspace.data;
  return (
    <details className="comments__settings" data-testid="comment-settings">
      <summary>{t("comments.settings.label")}</summary>
      <label className="small comments__setting">
        {t("comments.settings.replyMode")}{" "}
        <select
          className="select"
          value={w.commentReplyMode}
          onChange={(e) => update.mutate({ commentReplyMode: e.target.value as "public" | "private" })}
          data-testid="setting-reply-mode"
        >
          <option value="public">{t("comments.settings.replyModePublic")}</option>
          <option value="private">{t("comments.settings.replyModePrivate")}</option>
        </select>
      </label>
      <label className="small comments__setting">
        <input type="checkbox" checked={w.commentHideSpam} onChange={(e) => update.mutate({ commentHideSpam: e.target.checked })} data-testid="setting-hide-spam" />{" "}
        {t("comments.settings.hideSpam")}
      </label>
      {update.isError && <p className="alert alert--error small" role="alert">{errorMessageOf(update.error, t)}</p>}
      {saved && !update.isError && <p className="small muted" role="status">{t("comments.settings.saved")}</p>}
    </details>
  );
}
