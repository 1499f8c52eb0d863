import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Icon } from "./Icon";

/** A secret (API token, invitation link) shown once, with a copy button. */
export function SecretReveal({
  label,
  value,
  note,
  onDismiss,
  testId,
}: {
  label: ReactNode;
  value: string;
  note?: ReactNode;
  onDismiss?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.select();
  }, [value]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard permission (insecure origin): select the text so Ctrl+C works.
      inputRef.current?.select();
      document.execCommand?.("copy");
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  }

  return (
    <div className="secret" data-testid={testId}>
      <p className="secret__label">{label}</p>
      <div className="secret__row">
        <input
          ref={inputRef}
          className="input input--mono"
          readOnly
          value={value}
          aria-label={typeof label === "string" ? label : t("common.secret")}
          onFocus={(e) => e.currentTarget.select()}
          data-testid={testId ? `${testId}-value` : undefined}
        />
        <button type="button" className="btn btn--primary" onClick={() => void copy()}>
          <Icon name={copied ? "check" : "copy"} size={16} />
          {copied ? t("common.copied") : t("common.copy")}
        </button>
      </div>
      {note && <p className="secret__note">{note}</p>}
      {onDismiss && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={onDismiss}>
          {t("common.done")}
        </button>
      )}
      <span className="sr-only" role="status">
        {copied ? t("common.copied") : ""}
      </span>
    </div>
  );
}
