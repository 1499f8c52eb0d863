import { useTranslation } from "react-i18next";
import { useFormatters } from "../../lib/format";
import type { RouterOutputs } from "../../lib/trpc";
import { splitMentions } from "./mentions";

export type Note = RouterOutputs["notes"]["list"][number];

/** An internal note in the thread: yellow, marked "internal note", by its author; mentioned members highlighted. */
export function NoteBubble({ note }: { note: Note }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const names = note.mentions.map((m) => m.name ?? "");
  return (
    <li className="bubble bubble--note" data-testid="note" data-note-id={note.id}>
      <span className="bubble__author small note__label" data-testid="note-label">
        {t("notes.internal")} · {note.authorName ?? t("notes.apiAuthor")}
      </span>
      <p className="bubble__text" data-testid="note-text-shown">
        {splitMentions(note.text, names).map((part, i) =>
          part.mention ? (
            <mark key={i} className="note__mention" data-testid="note-mention">
              {part.text}
            </mark>
          ) : (
            part.text
          ),
        )}
      </p>
      <span className="bubble__meta small">
        <time dateTime={new Date(note.createdAt).toISOString()} title={format.dateTime(note.createdAt)}>
          {format.messageTime(note.createdAt)}
        </time>
      </span>
    </li>
  );
}

/**
 * Messages and notes in one timeline, oldest first. While older messages are not loaded yet, notes older than the
 * oldest shown message wait with them (else they would sit above a gap).
 */
export function withNotes<M extends { at: Date | string }>(messages: readonly M[], notes: readonly Note[], complete: boolean) {
  const time = (d: Date | string) => new Date(d).getTime();
  const oldest = messages.length ? time(messages[0]!.at) : -Infinity;
  const items = [
    ...messages.map((m) => ({ kind: "message" as const, at: time(m.at), message: m })),
    ...notes.filter((n) => complete || time(n.createdAt) >= oldest).map((n) => ({ kind: "note" as const, at: time(n.createdAt), note: n })),
  ];
  // Stable: a note and a message of the same millisecond keep messages first.
  return items.sort((a, b) => a.at - b.at);
}
