import { useQueries, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../lib/format";
import { readablePhone } from "../../lib/phone";
import { useTRPC } from "../../lib/trpc";
import { ChannelLabel, CustomerAvatar, customerName } from "./CustomerName";

/** Beside the thread: who the customer is, every conversation the workspace had with them (each a link), the team's notes on them. */
export function ContactPanel({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useFormatters();
  const panel = useQuery(trpc.inbox.contact.queryOptions({ conversationId }));
  // The team's internal notes on this person, from each of their conversations (a handful), newest first.
  const noteLists = useQueries({ queries: (panel.data?.conversations ?? []).map((c) => trpc.notes.list.queryOptions({ conversationId: c.id })) });
  const notes = noteLists
    .flatMap((q) => q.data ?? [])
    .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())
    .slice(0, 5);

  if (panel.isPending) return <p className="muted inbox__placeholder">{t("common.loading")}</p>;
  // The thread beside it already says why (e.g. a conversation that is gone): not the same error twice.
  if (panel.isError) return null;
  const { contact: ct, conversations } = panel.data;
  const name = customerName({ contactName: ct.name, contactUsername: ct.username, contactPlatformId: ct.platformUserId, platform: ct.platform });

  return (
    <div className="contact-panel" data-testid="contact-panel">
      <div className="contact-panel__head">
        <CustomerAvatar name={name} url={ct.avatarUrl} size={64} />
        <h3 className="contact-panel__name" data-testid="contact-panel-name">
          {name}
        </h3>
      </div>
      {ct.profileStatus === "consent_required" && <p className="small muted">{t("inbox.contact.consentRequired")}</p>}
      {ct.profileStatus === "unavailable" && <p className="small muted">{t("inbox.contact.unavailable")}</p>}
      <dl className="contact-panel__facts">
        {ct.username && (
          <>
            <dt>{t("inbox.contact.username")}</dt>
            <dd data-testid="contact-panel-username">@{ct.username}</dd>
          </>
        )}
        {ct.phone && (
          <>
            <dt>{t("inbox.contact.phone")}</dt>
            <dd data-testid="contact-panel-phone">{readablePhone(ct.phone)}</dd>
          </>
        )}
        <dt>{t("inbox.contact.channel")}</dt>
        <dd>
          <ChannelLabel platform={ct.platform} channelName={ct.channelName} />
        </dd>
        <dt>{t("inbox.contact.firstSeen")}</dt>
        <dd>{format.date(ct.firstSeenAt)}</dd>
      </dl>
      <h4 className="contact-panel__section">{t("inbox.contact.conversations", { count: conversations.length })}</h4>
      <ul className="contact-panel__conversations" data-testid="contact-panel-conversations">
        {conversations.map((c) => (
          <li key={c.id} data-testid="contact-panel-conversation" data-current={c.current ? "true" : undefined}>
            {c.current ? (
              <span className="contact-panel__current">{t("inbox.contact.thisOne")}</span>
            ) : (
              <Link to="/inbox" search={{ c: c.id }} className="contact-panel__link">
                {t("inbox.contact.open")}
              </Link>
            )}
            <span className="small muted">
              {c.channelName} · {t(`inbox.status.${c.status as "open" | "pending" | "resolved"}`)} · {format.relative(c.lastMessageAt)}
            </span>
            {c.lastMessagePreview && <span className="contact-panel__preview small">{c.lastMessagePreview}</span>}
          </li>
        ))}
      </ul>
      <h4 className="contact-panel__section">{t("inbox.contact.notes")}</h4>
      {notes.length === 0 ? (
        <p className="small muted">{t("inbox.contact.noNotes")}</p>
      ) : (
        <ul className="contact-panel__notes" data-testid="contact-panel-notes">
          {notes.map((n) => (
            <li key={n.id}>
              <span className="contact-panel__preview small">{n.text}</span>
              <span className="small muted">
                {n.authorName ?? t("inbox.author.agent")} · {format.relative(n.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
