import { ids } from "./ids.js";

/** Meta's Graph error body. `error_data` is used by WhatsApp (details). */
export interface GraphErrorBody {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
  error_data?: Record<string, unknown>;
  fbtrace_id: string;
}

export interface GraphErrorInit {
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  httpStatus?: number;
  isTransient?: boolean;
  userTitle?: string;
  userMsg?: string;
  errorData?: Record<string, unknown>;
}

/** Thrown by handlers; the app's error handler turns it into Meta's JSON shape. */
export class GraphError extends Error {
  readonly status: number;
  readonly init: GraphErrorInit;
  constructor(init: GraphErrorInit) {
    super(init.message ?? defaultMessage(init.code, init.subcode));
    this.init = init;
    this.status = init.httpStatus ?? defaultStatus(init.code);
  }
  body(): { error: GraphErrorBody } {
    const i = this.init;
    const e: GraphErrorBody = { message: this.message, type: i.type ?? "OAuthException", code: i.code, fbtrace_id: ids.fbtrace() };
    if (i.subcode !== undefined) e.error_subcode = i.subcode;
    // Graph sets is_transient on its own errors; WhatsApp's error bodies (its error-codes page, the OpenAPI examples)
    // carry none, so a client must classify them by `code`.
    if (i.isTransient !== undefined) e.is_transient = i.isTransient;
    else if (!isWhatsAppCode(i.code)) e.is_transient = TRANSIENT_CODES.has(i.code);
    if (i.userTitle) e.error_user_title = i.userTitle;
    if (i.userMsg) e.error_user_msg = i.userMsg;
    if (i.errorData) e.error_data = i.errorData;
    return { error: e };
  }
}

/** Legacy api.instagram.com OAuth error shape: {"error_type","code","error_message"}. */
export class LegacyOAuthError extends Error {
  constructor(message: string, readonly errorType = "OAuthException") {
    super(message);
  }
  body() {
    return { error_type: this.errorType, code: 400, error_message: this.message };
  }
}

const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613, 80002, 80006, 80008]);

/** WhatsApp Cloud API codes (13xxxx, and 80007, the WhatsApp Business Account's call limit). */
export function isWhatsAppCode(code: number): boolean {
  return (code >= 130000 && code < 140000) || code === 80007;
}

// Messages copied from Meta's docs / captured bodies (contract §2, §3, §5).
const MESSAGES: Record<string, string> = {
  "1": "An unknown error occurred",
  "2": "An unexpected error has occurred. Please retry your request later.",
  "4": "(#4) Application request limit reached",
  "9": "(#9) Application request limit reached",
  "9/2207042": "Application request limit reached",
  "10": "(#10) Application does not have permission for this action",
  "10/2534022": "(#10) This message is sent outside of allowed window.",
  "10/2534025": "(#10) A private reply has already been sent to this comment.",
  "10/2018065": "(#10) This message is sent outside of allowed window. You need the Human Agent permission to send with the HUMAN_AGENT tag.",
  "17": "(#17) User request limit reached",
  "32": "(#32) Page request limit reached",
  "100": "(#100) Invalid parameter",
  "100/33":
    "Unsupported request. Object does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
  "100/2207010": "The caption was too long.",
  "100/2018001": "(#100) No matching user found",
  "104": "An access token is required to request this resource.",
  "190": "Invalid OAuth access token - Cannot parse access token",
  "190/463": "Error validating access token: Session has expired.",
  "190/467": "Error validating access token: The session is invalid because the user logged out.",
  "190/460": "Error validating access token: The session has been invalidated because the user changed their password.",
  "190/458": "Error validating access token: The user has not authorized application.",
  "200": "(#200) Requires permission to access this resource",
  "368": "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
  "506": "(#506) Duplicate status message",
  "613": "(#613) Calls to this api have exceeded the rate limit.",
  "9004": "Only photo or video can be accepted as media type.",
  "9007/2207027": "Media ID is not available",
  "80002":
    "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
  "80007": "(#80007) Rate limit issues",
  "130429": "(#130429) Rate limit hit",
  "131047": "(#131047) Re-engagement message",
  "131056": "(#131056) (Business Account, Consumer Account) pair rate limit hit",
  "131026": "(#131026) Message undeliverable",
  "131049": "(#131049) This message was not delivered to maintain healthy ecosystem engagement.",
  "132000": "(#132000) Number of parameters does not match the expected number of params",
  "132001": "(#132001) Template name does not exist in the translation",
};

export function defaultMessage(code: number, subcode?: number): string {
  return MESSAGES[`${code}/${subcode}`] ?? MESSAGES[String(code)] ?? `(#${code}) Fake Graph error`;
}

function defaultStatus(code: number): number {
  if (code === 1 || code === 2) return 500;
  if (code === 4) return 429;
  return 400;
}

export const WA_131047_DETAILS =
  "Message failed to send because more than 24 hours have passed since the customer last replied to this number.";

export function unsupported(id: string, method: "get" | "post" | "delete"): GraphError {
  return new GraphError({
    code: 100,
    subcode: 33,
    type: "GraphMethodException",
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

export function invalidParam(message: string, subcode?: number): GraphError {
  return new GraphError({ code: 100, subcode, message: message.startsWith("(#") ? message : `(#100) ${message}` });
}
