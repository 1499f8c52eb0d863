/**
 * The bad inputs the tRPC batteries send and the way they send them, shared by boundary.test.ts (every variant of
 * every sample) and probe.test.ts (a seeded draw of them, with what they must leave in the database): each bad value
 * is placed in an otherwise valid input (boundary/samples.ts) so it travels as far as a real one would.
 */
import { appRouter } from "@sillage/api";
import type { ApiSession } from "../harness";

export type Path = (string | number)[];
export interface Variant {
  label: string;
  /** The input, or a raw JSON text for shapes JSON.stringify cannot build (very deep nesting, duplicated keys). */
  input?: unknown;
  rawJson?: string;
  /** The whole body or query input as sent, for texts that are no JSON at all (truncated). */
  rawText?: string;
  /** Headers that replace the browser's (a wrong content type). */
  headers?: Record<string, string>;
}
export interface Answer {
  status: number;
  code: string | null;
  message: string;
  /** The tRPC error's `data` (field errors, app code), when the answer was one. */
  data?: Record<string, unknown> | null;
  /** The answer's body was not JSON (a 413 or 431 from the HTTP layer, a connection closed). */
  raw?: boolean;
}

const OVERLONG = "x".repeat(100_000);
const DEEP = 100_000;
/** One more item than the largest list any procedure takes (10,000 phone numbers). */
export const HUGE = 10_001;

export const wholeInputVariants: Variant[] = [
  { label: "missing input", input: undefined },
  { label: "null", input: null },
  { label: "number", input: 42 },
  { label: "number as string", input: "42" },
  { label: "NUL string", input: "\u0000" },
  { label: "lone surrogate string", input: "\ud800" },
  { label: "empty array", input: [] },
  { label: "huge array", input: Array.from({ length: HUGE }, () => "\u0000") },
  { label: "garbage keys", input: { "\u0000": "\ud800", "\udfff": { "\u0000": [null] }, __proto__x: 1 } },
  { label: "deep arrays", rawJson: `${"[".repeat(DEEP)}${"]".repeat(DEEP)}` },
  { label: "deep objects", rawJson: `${'{"a":'.repeat(DEEP)}null${"}".repeat(DEEP)}` },
];

function stringVariants(s: string): Variant[] {
  return [
    { label: "NUL", input: `${s.slice(0, 1)}\u0000${s.slice(1)}` },
    { label: "lone surrogates", input: `\ude00${s}\ud83d` },
    { label: "emoji, zero-width and bidi", input: `😀\u200b\u202e${s}` },
    { label: "overlong", input: OVERLONG },
    { label: "empty", input: "" },
    { label: "number instead", input: 42 },
    { label: "object instead", input: { value: s } },
    { label: "null", input: null },
  ];
}

function numberVariants(n: number): Variant[] {
  return [
    { label: "number as string", input: String(n) },
    { label: "fraction", input: n + 0.5 },
    { label: "huge", input: 1e308 },
    { label: "null", input: null },
  ];
}

const booleanVariants: Variant[] = [
  { label: "boolean as string", input: "true" },
  { label: "null", input: null },
];

function containerVariants(value: unknown[] | Record<string, unknown>): Variant[] {
  if (Array.isArray(value)) {
    return [
      { label: "huge array", input: Array.from({ length: HUGE }, () => value[0] ?? "x") },
      { label: "nested garbage", input: [[["\u0000"]], { "\ud800": null }] },
      { label: "string instead", input: "[]" },
    ];
  }
  return [
    { label: "extra garbage keys", input: { ...value, "\u0000": "\ud800", "\udbff": ["\u0000"] } },
    { label: "string instead", input: "{}" },
  ];
}

/** Every bad input derived from one sample: the whole input replaced, then each value in it, one at a time. */
export function variantsOf(sample: unknown): Variant[] {
  const out: Variant[] = [...wholeInputVariants];
  const visit = (value: unknown, path: Path) => {
    const at = (v: Variant): Variant => ({ label: `${path.join(".") || "(input)"}: ${v.label}`, input: replaceAt(sample, path, v.input) });
    if (typeof value === "string") out.push(...stringVariants(value).map(at));
    else if (typeof value === "number") out.push(...numberVariants(value).map(at));
    else if (typeof value === "boolean") out.push(...booleanVariants.map(at));
    else if (value && typeof value === "object") {
      if (path.length) out.push(...containerVariants(value as Record<string, unknown>).map(at));
      for (const [k, v] of Object.entries(value)) visit(v, [...path, Array.isArray(value) ? Number(k) : k]);
      if (!Array.isArray(value)) for (const k of Object.keys(value)) out.push({ label: `${[...path, k].join(".")}: missing`, input: replaceAt(sample, [...path, k], undefined) });
    }
  };
  visit(sample, []);
  return out;
}

export function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  return copy;
}

export type ProcedureType = "query" | "mutation" | "subscription";
export const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: { type: ProcedureType; inputs: unknown[] } }> }).procedures;
export const procedurePaths = Object.keys(procedures).sort();

/** One call as a browser would make it; subscriptions are read until their first event. */
export async function call(who: ApiSession, path: string, v: Variant): Promise<Answer> {
  const type = procedures[path]!._def.type;
  const json = v.rawText ?? (v.rawJson !== undefined ? `{"json":${v.rawJson}}` : v.input === undefined ? undefined : JSON.stringify({ json: v.input }));
  const headers: Record<string, string> = { "content-type": "application/json", origin: who.base, ...v.headers };
  if (who.cookie) headers.cookie = who.cookie;
  if (who.workspaceId) headers["x-sillage-workspace"] = who.workspaceId;
  const url = new URL(`${who.base}/trpc/${path}`);
  if (type !== "mutation" && json !== undefined) url.searchParams.set("input", json);
  if (type === "subscription") {
    headers.accept = "text/event-stream";
    const abort = new AbortController();
    const res = await fetch(url, { headers, signal: abort.signal });
    const text = await readUntilFirstEvent(res, abort);
    const error = /event: serialized-error\ndata: (.*)\n/.exec(text);
    if (!error) return plainAnswer(res.status, text);
    const shape = (JSON.parse(error[1]!) as { json: { message: string; data: Record<string, unknown> & { code: string; httpStatus: number } } }).json;
    return { status: shape.data.httpStatus, code: shape.data.code, message: shape.message, data: shape.data };
  }
  let res: Response;
  const send = () => fetch(url, { method: type === "mutation" ? "POST" : "GET", headers, body: type === "mutation" ? json : undefined });
  try {
    try {
      res = await send();
    } catch (err) {
      // A kept-alive connection the server closed just as it was reused (undici "other side closed"): ask again once,
      // on a new connection; an answer that is really a 5xx still fails the test.
      if ((err as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw err;
      res = await send();
    }
  } catch (err) {
    // A procedure without input answers before reading a large body, and the server then closes the connection.
    if (procedures[path]!._def.inputs.length === 0) return { status: 0, code: null, message: `connection closed: ${(err as Error).message}`, raw: true };
    throw err;
  }
  return plainAnswer(res.status, await res.text());
}

function plainAnswer(status: number, body: string): Answer {
  type Parsed = { error?: { json: { message: string; data: Record<string, unknown> & { code: string } } } };
  let parsed: Parsed | null;
  try {
    parsed = JSON.parse(body) as Parsed;
  } catch {
    // Not JSON (e.g. 413 or 431 from the HTTP layer, an open stream): the status says enough.
    parsed = null;
  }
  const error = parsed?.error?.json;
  return { status, code: error?.data.code ?? null, message: error?.message ?? body.slice(0, 200), data: error?.data ?? null, raw: parsed === null };
}

/** The stream's text until an error event, or a little after it connected (a failing first read shows up then). */
async function readUntilFirstEvent(res: Response, abort: AbortController): Promise<string> {
  if (!res.body || !res.headers.get("content-type")?.includes("text/event-stream")) return res.text();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let timer = setTimeout(() => abort.abort(), 3_000);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (/event: serialized-error\ndata: .*\n/.test(text)) break;
      if (text.includes("event: connected")) {
        clearTimeout(timer);
        timer = setTimeout(() => abort.abort(), 300);
      }
    }
  } catch {
    // aborted: what arrived is the answer
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return text;
}

/** Runs calls a few at a time (the machine is shared). */
export async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}
