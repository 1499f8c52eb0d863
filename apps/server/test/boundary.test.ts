/**
 * Malformed input, over real HTTP against the real server: every procedure of the app router gets a battery of bad
 * values (NUL, lone surrogates, overlong strings, emoji, wrong types, numbers as strings, huge arrays, nested
 * garbage, null and missing values), each placed in an otherwise valid input (boundary/samples.ts) so it travels
 * as far as a real one would. Any 5xx fails: bad input is the caller's error, answered 4xx with field errors.
 */
import { appRouter } from "@sillage/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "./harness";
import { createSeededWorld, loadCaseFiles } from "./isolation/context";
import { sampleContext, samples, type Sample, type SampleContext } from "./boundary/samples";

type Path = (string | number)[];
interface Variant {
  label: string;
  /** The input, or a raw JSON text for shapes JSON.stringify cannot build (very deep nesting). */
  input?: unknown;
  rawJson?: string;
}
interface Answer {
  status: number;
  code: string | null;
  message: string;
}

const OVERLONG = "x".repeat(100_000);
const DEEP = 100_000;
/** One more item than the largest list any procedure takes (10,000 phone numbers). */
const HUGE = 10_001;

const wholeInputVariants: Variant[] = [
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
function variantsOf(sample: unknown): Variant[] {
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

function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  return copy;
}

const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] } }> }).procedures;
const paths = Object.keys(procedures).sort();

let ctx: SampleContext;
beforeAll(async () => {
  ctx = await sampleContext(await createSeededWorld(await loadCaseFiles()));
}, 120_000);
afterAll(() => ctx.server.close());

async function callerFor(who: Sample["as"]): Promise<ApiSession> {
  if (who === "visitor") return new ApiSession(ctx.server.url);
  if (who === "throwaway") return ApiSession.signup(ctx.server.url, { email: `throwaway-${Math.random().toString(36).slice(2)}@example.com` });
  return ctx.b;
}

/** One call as a browser would make it; subscriptions are read until their first event. */
async function call(who: ApiSession, path: string, v: Variant): Promise<Answer> {
  const type = procedures[path]!._def.type;
  const json = v.rawJson !== undefined ? `{"json":${v.rawJson}}` : v.input === undefined ? undefined : JSON.stringify({ json: v.input });
  const headers: Record<string, string> = { "content-type": "application/json", origin: who.base };
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
    if (!error) return { status: res.status, code: null, message: "" };
    const shape = (JSON.parse(error[1]!) as { json: { message: string; data: { code: string; httpStatus: number } } }).json;
    return { status: shape.data.httpStatus, code: shape.data.code, message: shape.message };
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
    if (procedures[path]!._def.inputs.length === 0) return { status: 0, code: null, message: `connection closed: ${(err as Error).message}` };
    throw err;
  }
  const body = await res.text();
  let parsed: { error?: { json: { message: string; data: { code: string } } } } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // Not JSON (e.g. 413 or 431 from the HTTP layer): the status says enough.
  }
  return { status: res.status, code: parsed.error?.json.data.code ?? null, message: parsed.error?.json.message ?? body.slice(0, 200) };
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
async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

describe("malformed input never gets a 5xx", () => {
  it("has a sample input for every procedure of the app router", () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((p) => !samples[p])).toEqual([]);
    expect(Object.keys(samples).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it.each(paths)("%s", async (path) => {
    const failures: string[] = [];
    for (const sample of samples[path]!(ctx)) {
      const who = await callerFor(sample.as);
      // The sample itself is valid: it reaches the procedure's work, so its variants do too.
      const base = await call(who, path, { label: "sample", input: sample.input });
      expect(base.code ?? "ok", `${path} sample: ${base.message}`).toBe(sample.expect ?? "ok");
      const variants = variantsOf(sample.input);
      // A throwaway session per call, made beforehand: a large body sent to a procedure without input can close
      // the connection it travelled on, and a sign-up must not be the next request on it.
      const callers = sample.as === "throwaway" ? await inBatches(variants, 1, () => callerFor("throwaway")) : variants.map(() => who);
      const answers = await inBatches(
        variants.map((v, i) => ({ v, who: callers[i]! })),
        6,
        async ({ v, who: caller }) => ({ v, a: await call(caller, path, v) }),
      );
      for (const { v, a } of answers) if (a.status >= 500) failures.push(`${v.label} → ${a.status} ${a.code ?? ""} ${a.message.slice(0, 160)}`);
    }
    expect(failures.join("\n")).toBe("");
  });
});
