import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

/** What a field gives its control: its id (the label's target), its hint or error, and whether it is invalid. */
export interface FieldA11y {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

interface FieldShellProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | string[] | null;
  children: (a11y: FieldA11y) => ReactNode;
}

/** Label, control, hint and error wired together (aria-describedby / aria-invalid). */
export function FieldShell({ label, hint, error, children }: FieldShellProps) {
  const id = useId();
  const message = Array.isArray(error) ? error[0] : error;
  // The error replaces the hint (they often say the same thing: "At least 10 characters").
  const showHint = Boolean(hint) && !message;
  const hintId = showHint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${message ? " field--invalid" : ""}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({ id, "aria-describedby": describedBy, ...(message ? { "aria-invalid": true as const } : {}) })}
      {showHint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {message && (
        <p id={errorId} className="field__error">
          {message}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | string[] | null;
};

export function TextField({ label, hint, error, className, ...input }: TextFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {(a11y) => <input className={`input ${className ?? ""}`} {...input} {...a11y} />}
    </FieldShell>
  );
}

/** The sign-in and forgotten-password pages' e-mail address field. */
export function EmailField({ label, error, autoFocus }: { label: ReactNode; error?: string | string[] | null; autoFocus?: boolean }) {
  return <TextField label={label} name="email" type="email" autoComplete="email" inputMode="email" required autoFocus={autoFocus} error={error} />;
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | string[] | null;
};

export function SelectField({ label, hint, error, className, children, ...select }: SelectFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {(a11y) => (
        <select className={`input select ${className ?? ""}`} {...select} {...a11y}>
          {children}
        </select>
      )}
    </FieldShell>
  );
}

/** A message for the whole form (role=alert so screen readers announce it). */
export function FormError({ message }: { message: string | null | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  // A form's error shows above it, the submit button below: in a long form (the composer) it appeared out of sight,
  // and the click seemed to do nothing. Brought into view when it appears, only if it is not already.
  useEffect(() => {
    if (message && ref.current) revealIfHidden(ref.current);
  }, [message]);
  if (!message) return null;
  return (
    <div className="alert alert--error" role="alert" ref={ref}>
      {message}
    </div>
  );
}

/** Scrolls `el` into its scroll area (a dialog's, else the page) when it is outside what that area shows. */
function revealIfHidden(el: HTMLElement): void {
  const box = el.getBoundingClientRect();
  let top = 0;
  let bottom = window.innerHeight;
  for (let a = el.parentElement; a; a = a.parentElement) {
    if (!/(auto|scroll)/.test(getComputedStyle(a).overflowY)) continue;
    const area = a.getBoundingClientRect();
    top = Math.max(top, area.top);
    bottom = Math.min(bottom, area.bottom);
    break;
  }
  if (box.top < top || box.bottom > bottom) el.scrollIntoView({ block: "nearest" });
}
