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

export function describeInputError(issues: InputIssue[]): { message: string; fieldErrors: Record<string, string[]>; formErrors: string[] } {
  const fields = new Map<string, string[]>();
  const formErrors: string[] = [];
  for (const issue of issues.slice(0, MAX_ISSUES)) {
    const path = dottedPath(issue.path);
    const list = path ? (fields.get(path) ?? fields.set(path, []).get(path)!) : formErrors;
    const message = oneLine(issue.message);
    if (!list.includes(message)) list.push(message);
  }
  const first = issues[0];
  const firstPath = first ? dottedPath(first.path) : "";
  const message = first ? (firstPath ? `${firstPath}: ${oneLine(first.message)}` : oneLine(first.message)) : "Invalid input";
  return { message, fieldErrors: Object.fromEntries(fields), formErrors };
}

function dottedPath(path: InputIssue["path"]): string {
  return typeof path === "string" ? path : path.map((p) => (typeof p === "symbol" ? (p.description ?? "") : String(p))).join(".");
}

function oneLine(message: string): string {
  const line = message.replace(/\s+/g, " ").trim() || "Invalid value";
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…` : line;
}
