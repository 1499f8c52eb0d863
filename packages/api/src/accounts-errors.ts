import { AccountsError, type AccountsErrorCode } from "@sillage/accounts";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { apiError } from "./error-codes";

const CODES: Record<AccountsErrorCode, TRPC_ERROR_CODE_KEY> = {
  email_taken: "CONFLICT",
  invitation_invalid: "NOT_FOUND",
  invitation_for_someone_else: "FORBIDDEN",
  invitation_not_found: "NOT_FOUND",
  member_not_found: "NOT_FOUND",
  owner_only: "FORBIDDEN",
  last_owner: "BAD_REQUEST",
  last_owner_demoted: "BAD_REQUEST",
  owner_role_only: "FORBIDDEN",
  reset_link_invalid: "NOT_FOUND",
  reset_link_expired: "BAD_REQUEST",
  reset_link_used: "CONFLICT",
  token_not_found: "NOT_FOUND",
};

/** An accounts refusal as the API answers it (`data.appError.code` = `accounts.<code>`); anything else is rethrown as is. */
export function accountsErrorToApi(err: unknown): never {
  if (err instanceof AccountsError) {
    throw apiError(CODES[err.code], `accounts.${err.code}`, err.params, err);
  }
  throw err;
}
