/**
 * Every refusal the API can answer, as a stable code with parameters: the SPA renders `data.appError`
 * (`{ code, params }`) and `data.fieldIssues` (`{ [path]: [{ code, params }] }`) in the reader's language
 * (`apps/web/src/i18n` `serverErrors.*` / `fieldIssues.*`, checked complete by `apps/web/test/i18n-codes.test.ts`);
 * the English `message` stays for API clients and logs. A new refusal gets a code here, never a free sentence.
 */
import { CREDIT_REASONS } from "@sillage/billing";
import { INBOX_REFUSALS } from "@sillage/inbox";
import { DELIVERY_ERROR_CODES, DELIVERY_STATUSES } from "@sillage/notifications";
import { POST_ISSUES, PUBLICATION_REASONS, PUBLICATION_STATUSES } from "@sillage/publishing";
import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";

/** Refusals of a whole request (`data.appError.code`), English templates with `{{param}}`. */
export const API_ERRORS = {
  cross_site: "Cross-site request refused",
  sign_in_first: "Sign in first",
  person_only: "Only a signed-in person can do this",
  choose_workspace: "Choose a workspace (X-Sillage-Workspace header)",
  workspace_not_found: "Workspace not found",
  role_required: "Requires the {{role}} role",
  bad_credentials: "Invalid email or password",
  too_many_attempts: "Too many attempts: try again in {{seconds}} s",
  bad_cursor: "Invalid cursor",
  channel_not_found: "Channel not found",
  conversation_not_found: "Conversation not found",
  post_not_found: "Post not found",
  rule_not_found: "Rule not found",
  document_not_found: "Document not found",
  media_not_found: "Media not found",
  file_not_found: "File not found",
  saved_reply_not_found: "Saved reply not found",
  label_not_found: "Label not found",
  label_or_conversation_not_found: "Conversation or label not found",
  dead_letter_not_found: "No parked event with this id",
  channel_taken: "This account is already connected to another workspace",
  // Instagram Login's return (apps/server/src/http/oauth.ts): Settings › Channels words the code, never the query's text.
  instagram_denied: "Instagram did not authorize the connection",
  instagram_incomplete: "The Instagram response is missing its code or state: start again",
  oauth_link_invalid: "This connection link expired, was already used or was started by someone else: start again",
  oauth_plan_limit: "The plan allows no more channels: change plan, then connect the account again",
  account_mismatch: "The token belongs to another account than the one given",
  instagram_app_missing: "INSTAGRAM_APP_ID is not configured on the server",
  demo_off: "Demo mode is off",
  demo_connect_first: "Connect a {{platform}} channel first",
  demo_edit_text_only: "Only a text message can be edited",
  message_not_found: "Message not found",
  safety_locked: "This safety check cannot be switched off",
  safety_unknown: "Unknown safety category",
  reply_one_kind: "Send one of: text, image (with an optional caption), template",
  reply_image_type: "Attach a JPEG or PNG image",
  reply_image_size: "Images sent on {{platform}} are limited to {{mb}} MB",
  not_a_member: "Not a member of this workspace",
  snooze_past: "Snooze until a time in the future",
  file_too_large: "At most {{mb}} MB",
  document_empty: "No text found in this document",
  document_too_long: "At most {{max}} characters of text",
  document_unsupported: "This kind of document cannot be read",
  embedding_failed: "The embedding model could not answer",
  upload_not_base64: "The file must be base64 or a data: URL",
  post_retry_failed_only: "Only failed posts can be retried",
  post_cancelled: "This post was cancelled",
  post_series_started: "Occurrences of this series already went out: edit the series instead",
  post_started: "This post has already started going out: it can no longer be edited",
  label_taken: "A label with this name already exists",
  topic_not_found: "Topic not found",
  comment_not_found: "Comment not found",
  reply_retry_failed_only: "Only failed replies can be sent again",
  demo_not_seeded: "The demo account is not seeded",
  // The transport's own refusals (trpc.ts's formatter): a body that is no JSON or superjson, a batch too large.
  malformed_request: "The request could not be read: send the input as JSON ({\"json\": …})",
  batch_too_large: "At most {{max}} calls in one batch",
  internal_error: "Something went wrong on the server (request {{requestId}})",
  // Outgoing webhooks (@sillage/notifications): the SSRF policy's refusals (webhook-url.ts), also the delivery log's codes.
  webhook_not_found: "Webhook not found",
  webhook_delivery_not_found: "Delivery not found",
  webhook_delivery_not_failed: "Only a failed delivery can be sent again",
  webhook_url_invalid: "Give an http(s) address without a user name or password",
  webhook_url_https_required: "Use an https:// address",
  webhook_url_private: "This address points to a private or local network: use a public address",
  webhook_url_unresolvable: "This host name cannot be resolved",
  // A plan's limit (packages/billing): the SPA words it with the feature's and plans' names (apps/web/src/lib/billing.ts).
  billing_limit_reached: "The {{plan}} plan allows {{limit}} ({{feature}}); {{used}} used",
  billing_feature_not_in_plan: "The {{plan}} plan does not include {{feature}}",
  billing_no_credits: "No credits left for automatic replies",
  billing_unknown_workspace: "Workspace not found",
  // Accounts' refusals (AccountsErrorCode in @sillage/accounts).
  "accounts.email_taken": "An account already exists for this email",
  "accounts.invitation_invalid": "This invitation link is invalid or has expired",
  "accounts.invitation_for_someone_else": "This invitation is for {{email}}: sign in with that address to accept it",
  "accounts.invitation_not_found": "Invitation not found",
  "accounts.member_not_found": "Member not found",
  "accounts.owner_only": "Only an owner can remove an owner",
  "accounts.last_owner": "A workspace keeps at least one owner",
  "accounts.last_owner_demoted": "The last owner cannot be demoted: promote another member to owner first",
  "accounts.owner_role_only": "Only an owner can give or take the owner role",
  "accounts.token_not_found": "Token not found",
  "accounts.reset_link_invalid": "This password reset link is not valid (a newer one was sent, or the password changed): ask for a new one",
  "accounts.reset_link_expired": "This password reset link has expired: ask for a new one",
  "accounts.reset_link_used": "This password reset link was already used: ask for a new one if needed",
  // Uploads refused by @sillage/media (MediaUploadError).
  media_empty: "The file is empty",
  media_too_large: "Files are limited to 50 MB",
  media_unsupported: "Unsupported file: upload a JPEG, PNG, WebP, GIF, MP4, MOV or PDF",
  media_undecodable: "This image cannot be read: export it as JPEG or PNG",
  // Changes to one occurrence of a series (OccurrenceError in @sillage/publishing).
  occurrence_not_found: "Post not found",
  occurrence_not_series: "This post is not a series",
  occurrence_not_an_occurrence: "This date is not an occurrence of the series",
  occurrence_already_started: "This occurrence has already started going out",
  occurrence_in_the_past: "Choose a time in the future",
  occurrence_inactive: "This post is no longer scheduled",
  // A platform's refusal (Meta's Graph API), by the connectors' error kind; `platform` names it.
  "platform.retryable": "The platform had a temporary problem. Sillage will try again.",
  "platform.rate_limited": "Too many requests to the platform right now. Sillage will slow down and try again.",
  "platform.auth_expired": "Reconnect the account: its access has expired or was revoked.",
  "platform.permission": "The account is missing a permission. Reconnect it and grant every requested permission.",
  "platform.invalid_input": "The platform rejected the request. Check the content and try again.",
  "platform.invalid_media": "The platform rejected the media file. Check its size and format.",
  "platform.policy": "The platform blocked this action under its policies.",
  "platform.quota": "The daily publishing limit is reached.",
  "platform.window_closed": "More than 24 hours since the customer's last message.",
  "platform.duplicate": "The platform refused a duplicate.",
  "platform.undeliverable": "The message cannot be delivered to this recipient.",
  "platform.not_found": "The item no longer exists on the platform.",
  "platform.unsupported": "This platform does not support that action.",
  "platform.malformed": "The platform sent an unexpected answer.",
  "platform.timeout": "The platform did not answer in time.",
  "platform.network": "Could not reach the platform.",
  "platform.circuit_open": "The platform is failing repeatedly for this channel; calls are paused for a moment.",
  "platform.unknown": "The platform returned an unexpected error.",
  // The inbox's refusals (InboxError's refusal in @sillage/inbox): `inbox.<refusal>`.
  ...prefixed("inbox", INBOX_REFUSALS),
  // Why a publication or one of its runs is where it is (stored as a code + parameters, @sillage/publishing).
  ...prefixed("publication", PUBLICATION_REASONS),
} as const satisfies Record<string, string>;

/** Problems of one field (`data.fieldIssues[path][i].code`): schema checks, then the routers' and domains' own. */
export const FIELD_ISSUES = {
  required: "Required",
  invalid: "Invalid value",
  invalid_choice: "Choose one of the offered values",
  email: "Invalid email address",
  url: "Invalid link",
  invalid_format: "Invalid format",
  min_chars: "At least {{min}} characters",
  max_chars: "At most {{max}} characters",
  min_items: "At least {{min}} items",
  max_items: "At most {{max}} items",
  min_number: "At least {{min}}",
  max_number: "At most {{max}}",
  nul_character: "Remove the NUL character (U+0000): text cannot contain it",
  // One-line names and multi-line texts (@sillage/validators `oneLineNameSchema`, `multiLineTextSchema`).
  one_line: "Keep it on one line: no line breaks",
  control_character: "Remove the invisible control character {{char}}",
  invisible_only: "Type visible letters, digits or emoji",
  not_a_member: "Not a member of this workspace",
  shortcut_taken: "Another saved reply already uses this shortcut",
  post_when: "Give either a time (publishAt) or a recurrence (rrule)",
  post_dtstart: "A recurrence needs its first date and time",
  recurrence_invalid: "This recurrence cannot be read",
  period_order: "`to` must be after `from`",
  period_too_long: "A calendar period is at most 62 days",
  knowledge_text_or_file: "Paste a text or choose a file",
  knowledge_not_both: "A text or a file, not both",
  knowledge_title: "Give the text a title",
  rule_needs_matcher: "A deny or escalate rule needs keywords, patterns or examples",
  rule_keyword: '"{{keyword}}" has no letter, digit or emoji',
  rule_pattern: "Pattern {{index}} ({{pattern}}): Not a valid regular expression: {{detail}}",
  rule_pattern_backreference: "Pattern {{index}} ({{pattern}}): Backreferences such as \\1 are not supported",
  rule_pattern_lookaround: "Pattern {{index}} ({{pattern}}): Lookarounds such as (?=…), (?!…) or (?<=…) are not supported",
  rule_pattern_repeat_count: "Pattern {{index}} ({{pattern}}): Repeat counts go up to {1000}",
  rule_pattern_unbalanced: "Pattern {{index}} ({{pattern}}): A bracket or parenthesis is left open, or closed once too often",
  rule_pattern_nothing_to_repeat: "Pattern {{index}} ({{pattern}}): *, + or ? has nothing to repeat here: write \\* to match the character itself",
  saved_reply_variable: "Unknown variable {{names}}: use {{known}}",
  period_max_days: "A period is at most {{days}} days",
  template_media_link_or_id: "Give the media's link or its id",
  currency_code: "An ISO 4217 code such as EUR",
  shortcut_format: "Use 1 to 40 letters, digits, - or _, starting with a letter or digit",
  colour_format: "A colour like #1f9d55",
  knowledge_file_type: "Only .txt, .md and .pdf files",
  // Schemas of the packages below the API give these codes as a refinement's `params.code`.
  time_zone_unknown: "Unknown time zone: use an IANA name such as Europe/Paris",
  token_chars: "Only letters, digits and symbols: no spaces, accents or emoji (paste the token again)",
  nothing_to_update: "Nothing to update",
  date_invalid: "Not a valid date",
  ...POST_ISSUES,
} as const satisfies Record<string, string>;

/**
 * The states the API sends as codes (database CHECK values), each shown in words by the SPA: listed here so a test
 * fails when one has no French or English rendering.
 */
export const STATUS_CODES = {
  publication: [...PUBLICATION_STATUSES, "planned"],
  run: ["running", "success", "failed", "retrying", "stopped", "waiting_quota"],
  channel: ["active", "needs_reconnect", "disconnected"],
  conversation: ["open", "pending", "resolved"],
  triage: ["IGNORE", "ESCALATE", "AUTO_REPLY"],
  decisionOutcome: ["pending", "sent", "blocked_ai_off", "suppressed_human", "window_closed", "not_applicable", "failed", "superseded", "withdrawn"],
  webhookDelivery: DELIVERY_STATUSES,
  /** `last_error` of the webhooks' delivery log. */
  webhookDeliveryError: DELIVERY_ERROR_CODES,
  /** Why a credit moved (`billing.credits` items' `reasonCode`, with `reasonParams`). */
  creditReason: CREDIT_REASONS,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;
export type FieldIssueCode = keyof typeof FIELD_ISSUES;
export type IssueParams = Record<string, string | number>;

/** A registry's codes under a dotted prefix (`inbox.reply_empty`), typed. */
function prefixed<P extends string, R extends Record<string, string>>(prefix: P, registry: R): { [K in keyof R & string as `${P}.${K}`]: R[K] } {
  return Object.fromEntries(Object.entries(registry).map(([k, v]) => [`${prefix}.${k}`, v])) as { [K in keyof R & string as `${P}.${K}`]: R[K] };
}

/**
 * A zod refinement's issue with its registry code, so the SPA words it in the reader's language:
 * `ctx.addIssue({ code: "custom", path, ...fieldIssue("rule_keyword", { keyword }) })` or `.refine(fn, fieldIssue(…))`.
 */
export function fieldIssue(code: FieldIssueCode, params: IssueParams = {}): { message: string; params: { code: FieldIssueCode; params: IssueParams } } {
  return { message: renderTemplate(FIELD_ISSUES[code], params), params: { code, params } };
}

/** The same for a router's own checks (`invalidInput([{ path, ...codedIssue("period_order") }])`). */
export function codedIssue(code: FieldIssueCode, params: IssueParams = {}): { message: string; code: FieldIssueCode; params: IssueParams } {
  return { message: renderTemplate(FIELD_ISSUES[code], params), code, params };
}

/** `{{name}}` replaced by its parameter: the English sentence of a code. */
export function renderTemplate(template: string, params: IssueParams = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (params[name] === undefined ? "" : String(params[name])));
}

/** A TRPCError that carries its code and parameters to the formatter (`data.appError`). */
export class CodedTRPCError extends TRPCError {
  constructor(
    trpcCode: TRPC_ERROR_CODE_KEY,
    readonly appCode: ApiErrorCode,
    readonly appParams: IssueParams = {},
    cause?: unknown,
  ) {
    super({ code: trpcCode, message: renderTemplate(API_ERRORS[appCode], appParams), cause });
  }
}

export function apiError(trpcCode: TRPC_ERROR_CODE_KEY, code: ApiErrorCode, params: IssueParams = {}, cause?: unknown): CodedTRPCError {
  return new CodedTRPCError(trpcCode, code, params, cause);
}
