import type { TFunction } from "i18next";
import { billingErrorOf } from "./billing";
import { isTrpcError } from "./trpc";

export type FieldErrors = Record<string, string[] | undefined>;

/** The server's field errors (`data.fieldErrors`), keyed by each field's full path (`content.whatsapp.audience.phones.1`). */
export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!isTrpcError(err)) return {};
  const data = err.data as { fieldErrors?: FieldErrors | null } | undefined;
  return data?.fieldErrors ?? {};
}

/**
 * A form field's errors with those of everything inside it: the phone list shows `…audience.phones.1` as
 * "#2: …", so a person sees which line to fix.
 */
export function errorsUnder(errors: FieldErrors, field: string): string[] | undefined {
  const found: string[] = [];
  for (const [path, messages] of Object.entries(errors)) {
    if (path !== field && !path.startsWith(`${field}.`)) continue;
    const index = path
      .slice(field.length + 1)
      .split(".")
      .filter((part) => /^\d+$/.test(part))
      .pop();
    for (const message of messages ?? []) found.push(index === undefined ? message : `#${Number(index) + 1}: ${message}`);
  }
  return found.length ? found : undefined;
}

/**
 * A message for the whole form, in the person's language. Server messages are English, so known error codes get a
 * translated message and the server's own text is kept only as a last resort.
 */
export function errorMessageOf(err: unknown, t: TFunction, overrides: Partial<Record<string, string>> = {}): string | null {
  if (!err) return null;
  if (!isTrpcError(err)) return t("errors.network");
  const code = err.data?.code;
  if (code && overrides[code]) return overrides[code];
  const billing = billingErrorOf(err.data, t);
  if (billing) return billing;
  const fieldErrors = fieldErrorsOf(err);
  if (Object.values(fieldErrors).some((v) => v && v.length > 0)) return t("errors.checkFields");
  switch (code) {
    case "UNAUTHORIZED":
      return t("errors.signedOut");
    case "FORBIDDEN":
      return t("errors.forbidden");
    case "NOT_FOUND":
      return t("errors.notFound");
    case "TOO_MANY_REQUESTS":
      return tooManyMessage(err.data as { retryAfterSeconds?: number } | undefined, t);
    case "INTERNAL_SERVER_ERROR":
      return t("errors.server");
    case undefined:
      return t("errors.network");
    default:
      return err.message || t("errors.server");
  }
}

/** Login throttling says how long to wait (`data.retryAfterSeconds`). */
function tooManyMessage(data: { retryAfterSeconds?: number } | undefined, t: TFunction): string {
  const seconds = data?.retryAfterSeconds;
  if (!seconds) return t("errors.tooMany");
  return seconds < 120 ? t("errors.tooManySeconds", { count: seconds }) : t("errors.tooManyMinutes", { count: Math.ceil(seconds / 60) });
}
