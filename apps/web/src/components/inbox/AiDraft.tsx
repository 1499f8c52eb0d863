import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";

type Conversation = RouterOutputs["inbox"]["messages"]["conversation"];
type Draft = NonNullable<Conversation["draft"]>;

/**
 * The AI's reply to a customer who is waiting for a person (the switch was off, the reply was held back or refused,
 * or the conversation was escalated with a suggested answer): the agent edits it and sends it in one click, as their
 * own reply (`inbox.reply`, the normal outbound path). Shown only while the platform's window allows free text.
 */
export function AiDraft({ conversation: c, draft, onSent }: { conversation: Conversation; draft: Draft; onSent: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Keyed by the decision in Thread: a newer decision's draft starts from its own text.
  const [text, setText] = useState(draft.text);
  const [dismissed, setDismissed] = useState(false);
  const reply = useMutation(trpc.inbox.reply.mutationOptions({ onSuccess: onSent }));
  const body = text.trim();
  const why = draft.triage === "ESCALATE" ? t("inbox.draft.why.ESCALATE") : t(`inbox.draft.why.${draft.outcome as "blocked_ai_off" | "suppressed_human" | "window_closed" | "failed"}`, { defaultValue: t("inbox.draft.why.failed") });

  if (dismissed) return null;

  function send(e: FormEvent) {
    e.preventDefault();
    if (body && !reply.isPending) reply.mutate({ conversationId: c.id, text: body });
  }

  return (
    <form className="ai-draft" onSubmit={send} aria-label={t("inbox.draft.title")} data-testid="ai-draft" data-decision-id={draft.decisionId}>
      <p className="ai-draft__head">
        <strong>{t("inbox.draft.title")}</strong> <span className="small muted">{why}</span>
      </p>
      <label className="sr-only" htmlFor="ai-draft-text">
        {t("inbox.draft.label")}
      </label>
      <textarea
        id="ai-draft-text"
        className="input ai-draft__text"
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={c.platform === "instagram" ? 999 : 4096}
        data-testid="ai-draft-text"
      />
      <div className="reply__row">
        <button type="button" className="btn btn--sm btn--ghost" onClick={() => setDismissed(true)} disabled={reply.isPending} data-testid="ai-draft-dismiss">
          {t("inbox.draft.dismiss")}
        </button>
        <button type="submit" className="btn btn--primary" disabled={!body || reply.isPending} data-testid="ai-draft-send">
          {reply.isPending ? t("inbox.reply.sending") : t("inbox.draft.send")}
        </button>
      </div>
      {reply.error && <p className="alert alert--error">{errorMessageOf(reply.error, t)}</p>}
    </form>
  );
}
