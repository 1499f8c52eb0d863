/** What an accounts function refuses, by reason; the API maps each code to its answer. */
export type AccountsErrorCode =
  | "email_taken"
  | "invitation_invalid"
  | "invitation_for_someone_else"
  | "invitation_not_found"
  | "member_not_found"
  | "owner_only"
  | "last_owner"
  | "last_owner_demoted"
  | "owner_role_only"
  | "reset_link_invalid"
  | "reset_link_expired"
  | "reset_link_used"
  | "token_not_found";

export class AccountsError extends Error {
  constructor(
    readonly code: AccountsErrorCode,
    message: string,
    /** What the reader's sentence names (the invitation's address), sent with the code. */
    readonly params: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AccountsError";
  }
}
