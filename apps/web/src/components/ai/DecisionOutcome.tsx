import { useTranslation } from "react-i18next";
import { serverWordsOr } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { outcomeView, passagesOf, wordedError } from "./decision-outcome";

export interface DecisionOutcomeProps {
  triage: string;
  /** `ai_decisions.outcome`; null for a message triaged without a stored decision. */
  outcome: string | null;
  /** Why the reply did not go out: the error class and the gate's or platform's sentence. */
  error?: string | null;
  message?: string | null;
  /** The conversation's platform: the 24-hour window reads differently on WhatsApp (templates) and Instagram. */
  platform?: string | null;
  /** Offered for a reply refused by WhatsApp's window: opens the reply box's templates. */
  onSendTemplate?: () => void;
}

/**
 * What became of a decision, in words and colour: sent, being sent, blocked by the AI switch, held back because a
 * person answered, refused by the platform's 24-hour window, failed (with why), or nothing to send (ignored,
 * for a person). The same badge in the inbox thread and the decisions table.
 */
export function DecisionOutcome({ triage, outcome, error, message, platform, onSendTemplate }: DecisionOutcomeProps) {
  const { t } = useTranslation();
  const view = outcomeView(triage, outcome);
  const worded = wordedError(error);
  const detail =
    view.label === "windowClosed"
      ? t(platform === "instagram" ? "ai.outcome.windowClosedInstagram" : platform === "whatsapp" ? "ai.outcome.windowClosedWhatsApp" : "ai.outcome.windowClosed")
      : view.label === "failed"
        ? worded
          ? t(`ai.outcome.error.${worded}`)
          : serverWordsOr(message, t("ai.outcome.error.unknown"))
        : null;
  return (
    <span className={`decision-outcome decision-outcome--${view.tone}`} data-testid="decision-outcome" data-outcome={outcome ?? undefined} data-tone={view.tone}>
      <span className="decision-outcome__label">
        <span className="decision-outcome__dot" aria-hidden="true" />
        {t(`ai.outcome.label.${view.label}`)}
      </span>
      {detail && (
        <span className="decision-outcome__detail" data-testid="decision-outcome-detail">
          {detail}
        </span>
      )}
      {view.label === "windowClosed" && platform === "whatsapp" && onSendTemplate && (
        <button type="button" className="link-button decision-outcome__action" onClick={onSendTemplate} data-testid="decision-send-template">
          {t("ai.outcome.sendTemplate")}
        </button>
      )}
    </span>
  );
}

/** The knowledge passages behind a decision, best first, with their scores (when the API reports them). */
export function DecisionPassages({ decision, testId }: { decision: unknown; testId?: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const passages = passagesOf(decision);
  if (passages.length === 0) return null;
  return (
    <ol className="decision-passages" data-testid={testId ?? "decision-passages"}>
      {passages.map((p, i) => (
        <li key={`${i}:${p.title}`} data-testid="decision-passage">
          <strong>{p.title}</strong> <span className="small muted">{t("ai.outcome.passageScore", { score: format.number(p.score) })}</span>
          <p className="small decision-passages__text">{p.text}</p>
        </li>
      ))}
    </ol>
  );
}
