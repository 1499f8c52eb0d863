import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useWorkspaceEvents } from "../../lib/events";
import { useTRPC } from "../../lib/trpc";

/** The AI switch's state, on every page (sidebar): on, off, or on with some channels off. */
export function AiStateBadge() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const control = useQuery(trpc.ai.control.get.queryOptions());
  useWorkspaceEvents((event) => {
    if (event.type === "ai.control.updated") void queryClient.invalidateQueries(trpc.ai.control.get.queryFilter());
  });
  if (!control.data) return null;
  const { enabled, channels } = control.data;
  const state = !enabled ? "off" : channels.some((c) => !c.aiEnabled) ? "partial" : "on";
  return (
    <Link to="/ai-control" className={`ai-badge ai-badge--${state}`} data-testid="ai-state-badge" data-state={state} title={t("shell.aiBadge.title")}>
      <span className="ai-badge__dot" aria-hidden="true" />
      {t(`shell.aiBadge.${state}`)}
    </Link>
  );
}
