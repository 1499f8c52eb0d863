import i18n, { type TFunction } from "i18next";
import { billingErrorOf } from "./billing";
import { isTrpcError } from "./trpc";

export type FieldErrors = Record<string, string[] | undefined>;

/** A refusal as the server codes it (`packages/api/src/error-codes.ts`). */
export interface CodedIssue {
  code: string;
  params?: Record<string, string | number>;
}

// Codes come from the server at run time: the key is checked by `i18n.exists`, not by the type of `t`.
type Translate = (key: string, params: Record<string, string>) => string;

/** Platform names inside parameters, as people write them. */
const PLATFORMS: Record<string, string> = { whatsapp: "WhatsApp", instagram: "Instagram" };

function paramsFor(params: CodedIssue["params"], lang: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = typeof v === "number" ? v.toLocaleString(lang === "en" ? "en-GB" : "fr-FR") : (PLATFORMS[v] ?? v);
  return out;
}

/** A coded field issue in the reader's language, or null when this build does not know the code. */
export function renderFieldIssue(issue: CodedIssue, t: TFunction = i18n.t): string | null {
  const key = `fieldIssues.${issue.code}`;
  if (!i18n.exists(key)) return null;
  return (t as unknown as Translate)(key, paramsFor(issue.params, i18n.language));
}

/** A coded refusal (`data.appError`) in the reader's language, or null when unknown here. */
export function renderServerError(issue: CodedIssue | null | undefined, t: TFunction = i18n.t): string | null {
  if (!issue) return null;
  const key = `serverErrors.${issue.code}`;
  if (!i18n.exists(key)) return null;
  return (t as unknown as Translate)(key, paramsFor(issue.params, i18n.language));
}

/**
 * A reason the server stored as a code with parameters (a publication's status reason, a run's error, a recipient's
 * failure), in the reader's language, with the platform's own words (`detail`, Meta's message) after it; rows
 * written before codes existed (or a code this build does not know) show their stored sentence.
 */
export function renderStoredReason(stored: { code?: string | null; params?: Record<string, unknown> | null; text?: string | null }, t: TFunction = i18n.t): string | null {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(stored.params ?? {})) if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) params[k] = v;
  const { detail, ...rest } = params;
  const coded = stored.code ? renderServerError({ code: stored.code, params: rest }, t) : null;
  if (!coded) return stored.text ?? null;
  return detail ? `${coded} (${detail})` : coded;
}

/**
 * The server's English words only where the reader reads English: another language gets `fallback` (a refusal this
 * build has no code for must not put an English sentence on a French screen).
 */
export function serverWordsOr(message: string | null | undefined, fallback: string): string {
  return message && i18n.language === "en" ? message : fallback;
}

/**
 * The server's field errors keyed by each field's full path (`content.whatsapp.audience.phones.1`), in the reader's
 * language: each coded issue (`data.fieldIssues`) rendered, the English message (`data.fieldErrors`) only for a code
 * this build does not know.
 */
export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!isTrpcError(err)) return {};
  const data = err.data as { fieldErrors?: Record<string, string[]> | null; fieldIssues?: Record<string, (CodedIssue | null)[]> | null } | undefined;
  const english = data?.fieldErrors ?? {};
  const coded = data?.fieldIssues ?? {};
  const out: FieldErrors = {};
  for (const [path, messages] of Object.entries(english)) {
    out[path] = messages.map((message, i) => {
      const issue = coded[path]?.[i];
      return (issue ? renderFieldIssue(issue) : null) ?? serverWordsOr(message, i18n.t("fieldIssues.invalid"));
    });
  }
  return out;
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
 * A message for the whole form, in the person's language: the server's coded refusal (`data.appError`) or its tRPC
 * code translated; the server's English text is kept only as a last resort.
 */
export function errorMessageOf(err: unknown, t: TFunction, overrides: Partial<Record<string, string>> = {}): string | null {
  if (!err) return null;
  if (!isTrpcError(err)) return t("errors.network");
  const code = err.data?.code;
  if (code && overrides[code]) return overrides[code];
  const appError = (err.data as { appError?: CodedIssue | null } | undefined)?.appError;
  const overridden = appError && overrides[appError.code];
  if (overridden) return overridden;
  const billing = billingErrorOf(err.data, t);
  if (billing) return billing;
  const fieldErrors = fieldErrorsOf(err);
  if (Object.values(fieldErrors).some((v) => v && v.length > 0)) return t("errors.checkFields");
  const coded = code === "UNAUTHORIZED" || code === "TOO_MANY_REQUESTS" ? null : renderServerError(appError, t);
  if (coded) return coded;
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
      // The server's English only for a refusal this build has no code for, and only to an English reader.
      return serverWordsOr(err.message, t("languageFallback.refused"));
  }
}

/** Login throttling says how long to wait (`data.retryAfterSeconds`). */
function tooManyMessage(data: { retryAfterSeconds?: number } | undefined, t: TFunction): string {
  const seconds = data?.retryAfterSeconds;
  if (!seconds) return t("errors.tooMany");
  return seconds < 120 ? t("errors.tooManySeconds", { count: seconds }) : t("errors.tooManyMinutes", { count: Math.ceil(seconds / 60) });
}
