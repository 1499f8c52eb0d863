import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";

type Conversation = RouterOutputs["inbox"]["messages"]["conversation"];

/**
 * The reply box. It knows the platform's window before you type: WhatsApp outside 24 h offers the approved
 * templates instead of free text; Instagram past 24 h says the reply goes out as a person (Human Agent) or is closed.
 */
export function ReplyBox({ conversation: c, onSent }: { conversation: Conversation; onSent: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [template, setTemplate] = useState("");
  const reply = useMutation(
    trpc.inbox.reply.mutationOptions({
      onSuccess() {
        setText("");
        onSent();
      },
    }),
  );
  const templatesOnly = c.platform === "whatsapp" && c.window.templatesOnly;
  const templates = useQuery({ ...trpc.inbox.templates.queryOptions({ conversationId: c.id }), enabled: templatesOnly });
  const humanAgentOnly = c.platform === "instagram" && c.window.open && c.lastInboundAt !== null && Date.now() - new Date(c.lastInboundAt).getTime() >= 24 * 3_600_000;
  const closed = c.platform === "instagram" && !c.window.open;
  const channelDown = c.channelStatus !== "active";
  const error = errorMessageOf(reply.error, t, {
    PRECONDITION_FAILED: channelDown ? t("inbox.reply.channelDown") : c.platform === "whatsapp" ? t("inbox.reply.windowClosedWhatsApp") : t("inbox.reply.windowClosedInstagram"),
  });

  function send(e?: FormEvent) {
    e?.preventDefault();
    const body = text.trim();
    if (!body || reply.isPending) return;
    reply.mutate({ conversationId: c.id, text: body });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) send();
  }

  if (channelDown) return <p className="alert alert--info reply">{t("inbox.reply.channelDown")}</p>;

  if (templatesOnly) {
    const chosen = templates.data?.find((x) => `${x.name}|${x.language}` === template);
    return (
      <div className="reply" data-testid="reply-templates">
        <p className="alert alert--info">{t("inbox.reply.windowClosedWhatsApp")}</p>
        {templates.data && templates.data.length === 0 && <p className="muted small">{t("inbox.reply.noTemplates")}</p>}
        {templates.data && templates.data.length > 0 && (
          <form
            className="reply__row"
            onSubmit={(e) => {
              e.preventDefault();
              if (chosen) reply.mutate({ conversationId: c.id, template: { name: chosen.name, language: chosen.language } });
            }}
          >
            <select className="select" aria-label={t("inbox.reply.template")} value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="reply-template">
              <option value="">{t("inbox.reply.templates")}</option>
              {templates.data.map((x) => (
                <option key={`${x.name}|${x.language}`} value={`${x.name}|${x.language}`}>
                  {x.name} ({x.language})
                </option>
              ))}
            </select>
            <button type="submit" className="btn btn--primary" disabled={!chosen || reply.isPending} data-testid="reply-template-send">
              {t("inbox.reply.templateSend")}
            </button>
          </form>
        )}
        {chosen?.body && <p className="small muted reply__template-body">{chosen.body}</p>}
        {error && <p className="alert alert--error">{error}</p>}
      </div>
    );
  }

  if (closed) return <p className="alert alert--info reply">{t("inbox.reply.windowClosedInstagram")}</p>;

  return (
    <form className="reply" onSubmit={send} data-testid="reply-form">
      {humanAgentOnly && <p className="alert alert--info small">{t("inbox.reply.humanAgent")}</p>}
      <label className="sr-only" htmlFor="reply-text">
        {t("inbox.reply.label")}
      </label>
      <textarea
        id="reply-text"
        className="input reply__text"
        rows={3}
        placeholder={t("inbox.reply.placeholder")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        maxLength={c.platform === "instagram" ? 999 : 4096}
        data-testid="reply-text"
      />
      <div className="reply__row">
        <span className="small muted">{t("inbox.reply.shortcut")}</span>
        <button type="submit" className="btn btn--primary" disabled={!text.trim() || reply.isPending} data-testid="reply-send">
          {reply.isPending ? t("inbox.reply.sending") : t("inbox.reply.send")}
        </button>
      </div>
      {error && <p className="alert alert--error">{error}</p>}
    </form>
  );
}
