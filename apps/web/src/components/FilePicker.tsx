import { useRef } from "react";
import { useTranslation } from "react-i18next";
import type { FieldA11y } from "./Field";

/**
 * A file field in the reader's language: the browser's own control says "Choose File / No file chosen" in the
 * browser's language, whatever the page's, and offers no way to take a chosen file back. The input stays (hidden,
 * focusable, labelled by its field); its button and the file's name are ours.
 */
export function FilePicker({ a11y, accept, file, onChange, testId }: { a11y: FieldA11y; accept: string; file: File | null; onChange: (file: File | null) => void; testId?: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-picker">
      <input ref={input} type="file" accept={accept} className="file-picker__input" onChange={(e) => onChange(e.target.files?.[0] ?? null)} data-testid={testId} {...a11y} />
      <label htmlFor={a11y.id} className="btn btn--small file-picker__button" aria-hidden="true">
        {t("common.chooseFile")}
      </label>
      <span className={file ? "file-picker__name" : "file-picker__name muted"} data-testid={testId && `${testId}-name`}>
        {file ? file.name : t("common.noFile")}
      </span>
      {file && (
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => {
            if (input.current) input.current.value = "";
            onChange(null);
          }}
          data-testid={testId && `${testId}-clear`}
        >
          {t("common.clearFile")}
        </button>
      )}
    </div>
  );
}
