import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";

/** Conversations where a note mentioned me lately (one query for the whole list; live events refresh it). */
export function useMentionedConversations(): Set<string> {
  const trpc = useTRPC();
  const mentions = useQuery(trpc.notes.mentions.queryOptions());
  return new Set(mentions.data?.map((m) => m.conversationId));
}

/** The list's mark on a conversation where a teammate mentioned me in a note. */
export function MentionBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge--mention" title={t("notes.mentionedTitle")} data-testid="conversation-mentioned">
      @ {t("notes.mentioned")}
    </span>
  );
}
