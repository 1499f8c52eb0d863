/**
 * Bad input is answered in one shape wherever it is found (a zod schema, the string cleaning, a router's own
 * checks): `data.fieldErrors` maps each field's full dotted path (`content.whatsapp.audience.phones.1`) to one-line
 * messages, `data.formErrors` holds what concerns the input as a whole, and the error's `message` is one sentence:
 * the first problem, with its path.
 */
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

export interface InputIssue {
  path: readonly PropertyKey[] | string;
  message: string;
  /** A `FIELD_ISSUES` code (error-codes.ts) and its parameters; zod's own issues are mapped by `codeOf`. */
  code?: string;
  params?: Record<string, unknown>;
}

/** One field problem as the SPA renders it in the reader's language. */
export interface CodedIssue {
  code: string;
  params: Record<string, string | number>;
}

/** Enough to fix a form; a list of 10,000 bad phone numbers is not echoed back whole. */
const MAX_ISSUES = 50;
const MAX_MESSAGE_CHARS = 300;

/** A router's own checks, carried like a schema's issues. */
class InputIssues extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues[0]?.message ?? "Invalid input");
    this.name = "InputIssues";
  }
}

/** A 400 with field errors: a list of issues, or messages by dotted path (`{ "content.text": ["Too long"] }`). */
export function invalidInput(issues: InputIssue[] | Record<string, string[]>): TRPCError {
  const list = Array.isArray(issues) ? issues : Object.entries(issues).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
  return new TRPCError({ code: "BAD_REQUEST", message: describeInputError(list).message, cause: new InputIssues(list) });
}

export function inputIssuesOf(cause: unknown): InputIssue[] | null {
  if (cause instanceof ZodError) return cause.issues;
  if (cause instanceof InputIssues) return cause.issues;
  return null;
}

export function describeInputError(issues: InputIssue[]): {
  message: string;
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
  fieldIssues: Record<string, (CodedIssue | null)[]>;
} {
  const fields = new Map<string, string[]>();
  const coded = new Map<string, (CodedIssue | null)[]>();
  const formErrors: string[] = [];
  for (const issue of issues.slice(0, MAX_ISSUES)) {
    const path = dottedPath(issue.path);
    const list = path ? (fields.get(path) ?? fields.set(path, []).get(path)!) : formErrors;
    const message = oneLine(issue.message);
    if (list.includes(message)) continue;
    list.push(message);
    const codes = coded.get(path) ?? coded.set(path, []).get(path)!;
    codes.push(codeOf(issue));
  }
  const first = issues[0];
  const firstPath = first ? dottedPath(first.path) : "";
  const message = first ? (firstPath ? `${firstPath}: ${oneLine(first.message)}` : oneLine(first.message)) : "Invalid input";
  return { message, fieldErrors: Object.fromEntries(fields), formErrors, fieldIssues: Object.fromEntries(coded) };
}

function dottedPath(path: InputIssue["path"]): string {
  return typeof path === "string" ? path : path.map((p) => (typeof p === "symbol" ? (p.description ?? "") : String(p))).join(".");
}

function oneLine(message: string): string {
  const line = message.replace(/\s+/g, " ").trim() || "Invalid value";
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…` : line;
}

const num = (v: unknown): number | undefined => (typeof v === "number" || typeof v === "bigint" ? Number(v) : undefined);

function plainParams(params: Record<string, unknown> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) out[k] = v;
  return out;
}

/**
 * An issue's code: given by the router or domain (`code` / a zod refinement's `params.code`), else read from zod's
 * own issue (too short, too long, bad email…); null for anything else (a refinement's own sentence), which the SPA
 * then shows as the server wrote it rather than lose its detail.
 */
export function codeOf(issue: InputIssue): CodedIssue | null {
  if (issue.code && !ZOD_CODES.has(issue.code)) return { code: issue.code, params: plainParams(issue.params) };
  const z = issue as InputIssue & { origin?: string; minimum?: unknown; maximum?: unknown; format?: string; input?: unknown; params?: { code?: unknown; params?: Record<string, unknown> } };
  if (z.code === "custom") return typeof z.params?.code === "string" ? { code: z.params.code, params: plainParams(z.params.params) } : null;
  const sized = z.origin === "string" ? "chars" : z.origin === "array" || z.origin === "set" ? "items" : z.origin === "number" || z.origin === "int" || z.origin === "bigint" ? "number" : null;
  switch (z.code) {
    case "too_small":
      // "At least 1 character / item" reads as "required" in every language.
      if ((z.origin === "string" || z.origin === "array") && num(z.minimum) === 1) return { code: "required", params: {} };
      return sized ? { code: `min_${sized}`, params: { min: num(z.minimum) ?? 0 } } : { code: "invalid", params: {} };
    case "too_big":
      return sized ? { code: `max_${sized}`, params: { max: num(z.maximum) ?? 0 } } : { code: "invalid", params: {} };
    case "invalid_format":
      return { code: z.format === "email" ? "email" : z.format === "url" ? "url" : "invalid_format", params: {} };
    case "invalid_type":
      return { code: /received undefined/.test(issue.message) ? "required" : "invalid", params: {} };
    case "invalid_value":
      return { code: "invalid_choice", params: {} };
    default:
      return null;
  }
}

const ZOD_CODES = new Set(["invalid_type", "too_big", "too_small", "invalid_format", "not_multiple_of", "unrecognized_keys", "invalid_union", "invalid_key", "invalid_element", "invalid_value", "custom"]);
