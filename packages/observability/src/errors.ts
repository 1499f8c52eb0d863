/**
 * Error reporting as an interface: code anywhere reports an error with bounded tags (task, job id, procedure,
 * route); the process decides where it goes (apps/server/src/sentry.ts installs Sentry when SENTRY_DSN is set).
 * Reporting never throws and never waits: it must not slow or break what failed.
 */
export interface ErrorContext {
  tags?: Record<string, string | number | undefined>;
  extra?: Record<string, unknown>;
}

export type ErrorReporter = (err: unknown, context: ErrorContext) => void;

let reporter: ErrorReporter | null = null;

/** Installs (or with null removes) the process's reporter. */
export function setErrorReporter(next: ErrorReporter | null): void {
  reporter = next;
}

export function reportError(err: unknown, context: ErrorContext = {}): void {
  if (!reporter) return;
  try {
    reporter(err, context);
  } catch {
    // A broken reporter must not turn into a second failure.
  }
}
