import { InboxError } from "@sillage/inbox";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { apiError } from "./error-codes";

const CODES: Record<InboxError["code"], TRPC_ERROR_CODE_KEY> = {
  not_found: "NOT_FOUND",
  invalid_input: "BAD_REQUEST",
  window_closed: "PRECONDITION_FAILED",
  channel_unavailable: "PRECONDITION_FAILED",
  ai_off: "PRECONDITION_FAILED",
  human_takeover: "PRECONDITION_FAILED",
  comment_too_old: "PRECONDITION_FAILED",
  private_reply_exists: "PRECONDITION_FAILED",
};

/** An inbox refusal as the API answers it (`data.appError.code` = `inbox.<refusal>`); anything else is returned as is. */
export function inboxErrorToApi(err: unknown, trpcCode?: TRPC_ERROR_CODE_KEY): unknown {
  if (!(err instanceof InboxError)) return err;
  return apiError(trpcCode ?? CODES[err.code], `inbox.${err.refusal}`, err.params, err);
}
