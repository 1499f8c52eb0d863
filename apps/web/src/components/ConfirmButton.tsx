import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A destructive action in two clicks (no modal): "Revoke" → "Confirm / Cancel". */
export function ConfirmButton({
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  pending,
  testId,
}: {
  children: ReactNode;
  confirmLabel: ReactNode;
  /** What keeps things as they are, when "Cancel" would read like the action itself ("Annuler la publication"). */
  cancelLabel?: ReactNode;
  onConfirm: () => void;
  pending?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    if (!asking) return;
    const timer = window.setTimeout(() => setAsking(false), 8000);
    return () => window.clearTimeout(timer);
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={() => setAsking(true)} data-testid={testId}>
        {children}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className="btn btn--danger btn--sm"
        disabled={pending}
        autoFocus
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
        data-testid={testId ? `${testId}-confirm` : undefined}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAsking(false)} data-testid={testId ? `${testId}-keep` : undefined}>
        {cancelLabel ?? t("common.cancel")}
      </button>
    </span>
  );
}
