import { useTranslation } from "react-i18next";

export type ReplyMode = "reply" | "note";

/** Reply to the customer, or write a note for the team: the reply area's two modes. */
export function ReplyModeTabs({ mode, onMode }: { mode: ReplyMode; onMode: (mode: ReplyMode) => void }) {
  const { t } = useTranslation();
  return (
    <div className="reply-modes" role="tablist" aria-label={t("notes.modes")}>
      {(["reply", "note"] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="tab"
          aria-selected={mode === m}
          className={`reply-modes__tab reply-modes__tab--${m}${mode === m ? " reply-modes__tab--active" : ""}`}
          onClick={() => onMode(m)}
          data-testid={`reply-mode-${m}`}
        >
          {t(m === "reply" ? "notes.modeReply" : "notes.modeNote")}
        </button>
      ))}
    </div>
  );
}
