// Errors as plain data (`ErrorInfo`): what a broadcast's progress and a webhook event store of a failure.

import { classifyGraphError, type PlatformError } from "./errors";
import type { ErrorInfo, Platform } from "./types";

export function errorInfo(e: PlatformError): ErrorInfo {
  return {
    kind: e.kind,
    code: e.code ?? null,
    subcode: e.subcode ?? null,
    title: null,
    message: e.message,
    userMessage: e.userMessage,
    retryable: e.retryable,
  };
}

/** Errors inside webhook payloads (`statuses[].errors`, `value.errors`, `messages[].errors`). */
export function webhookErrorInfos(errors: unknown, platform: Platform): ErrorInfo[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((raw): ErrorInfo => {
    const e = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const code = typeof e.code === "number" ? e.code : typeof e.code === "string" ? Number(e.code) : undefined;
    const data = (e.error_data && typeof e.error_data === "object" ? e.error_data : {}) as Record<string, unknown>;
    const c = classifyGraphError({ code: Number.isFinite(code) ? code : undefined }, platform);
    const title = typeof e.title === "string" ? e.title : null;
    const message =
      typeof data.details === "string" ? data.details : typeof e.message === "string" ? e.message : (title ?? "error");
    return {
      kind: c.kind,
      code: code !== undefined && Number.isFinite(code) ? code : null,
      subcode: null,
      title,
      message,
      userMessage: c.userMessage,
      retryable: c.retryable,
    };
  });
}
