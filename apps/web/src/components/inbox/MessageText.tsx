// What a customer's message says in the thread: its text, "edited" opening on what it said before, or only that the
// customer unsent it (its text, before or after an edit, is never shown).
import { useTranslation } from "react-i18next";
import { useFormatters } from "../../lib/format";

export interface MessageTextProps {
  text: string | null;
  type: string;
  hasMedia: boolean;
  deletedAt: Date | string | null;
  editedAt: Date | string | null;
  /** Oldest first: the first text, then each edit but the one shown. */
  previousTexts: { text: string | null; at: Date | string }[];
}

export function MessageText({ text, type, hasMedia, deletedAt, editedAt, previousTexts }: MessageTextProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  if (deletedAt) {
    return (
      <p className="bubble__text muted" data-testid="message-unsent">
        {t("inbox.deleted")}
      </p>
    );
  }
  return (
    <>
      {text && (
        <p className="bubble__text" data-testid="message-text">
          {text}
        </p>
      )}
      {type !== "text" && !hasMedia && !text && <p className="bubble__text muted">[{type}]</p>}
      {editedAt && (
        <details className="bubble__edits small" data-testid="message-edited">
          <summary className="muted" title={t("inbox.editedTitle", { date: format.dateTime(editedAt) })}>
            {t("inbox.edited")}
          </summary>
          <ol className="bubble__previous">
            {previousTexts.map((p, i) => (
              <li key={i} data-testid="message-previous-text">
                <span className="muted">{t("inbox.previousText", { date: format.dateTime(p.at) })}</span> {p.text ?? t("inbox.previousEmpty")}
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}
