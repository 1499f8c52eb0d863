/**
 * The outside crash and bad-input probe, against a running server (not a vitest file; the suite's own probe is
 * probe.test.ts beside it — this script keeps what needs a live process: raw sockets, races, replays, a deployed URL):
 *
 *     SILLAGE_DEMO=1 … pnpm start            # or apps/server/src/main.ts on PORT=3998 with a scratch DATABASE_URL
 *     npx tsx apps/server/test/probe/run.ts http://127.0.0.1:3998 [--secrets s1,s2] [--app-url URL] [--only prefix] [--verbose] [--skip-procedures]
 *
 * It signs in as the demo person (demo mode) and as a fresh sign-up (the other tenant), then sends every tRPC
 * procedure an input derived from its zod schema with one value at a time made bad (wrong type, 100 KB and 1 MB, NUL,
 * control characters, lone surrogates, negative / huge numbers, NaN and ±Infinity as superjson numbers, inputs nested 1,000 deep, unknown enum values, 10,001-item lists, bad dates,
 * zones and RRULEs, extra keys), unauthenticated and cross-tenant calls, malformed JSON, wrong content types and
 * methods, batches; then the webhook routes, the SPA's paths, /healthz and /metrics; then what a hostile tester
 * sends byte for byte on a socket (invalid UTF-8 bodies, UTF-16, a gzip bomb, JSON nested a million deep or with
 * 200,000 keys, raw UTF-8 and control characters in headers, absolute request targets, a lying content-length), huge
 * query strings, a signed webhook replayed at once and later (stored once) and forged five ways, identical requests
 * raced (one label, one shortcut, one account per address), traversal on the SPA's and media routes (encoded,
 * double-encoded, overlong UTF-8, backslashes, a signed media link bent), and pagination limits and cursors out of
 * range (negative, past bigint, instants before 4713 BC), and the surface (405 with Allow for a method a route does not
 * take, 404 for files not in the build, the SPA's security headers, OAuth callback redirects, Meta's handshake without
 * a challenge, webhook bodies with duplicate keys, arrays for objects, unknown accounts, deep values). `--verbose` prints each of those answers; `--skip-procedures`
 * leaves out the long per-procedure battery. Each answer is classed
 * (status + tRPC or error code); a finding is a 5xx, a hang, a dropped connection, a stack trace / SQL / secret in
 * the body, or a 400 without field errors or an app code. Prints the classes and findings; exit 1 on a finding.
 */
import { createHmac } from "node:crypto";
import net from "node:net";
import { gzipSync } from "node:zlib";
import { appRouter } from "@sillage/api";

const base = process.argv[2] ?? "http://127.0.0.1:3998";
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const only = arg("--only");
/** Values that must never appear in an answer (APP_SECRET, app secrets…). */
const secrets = (arg("--secrets") ?? process.env.PROBE_SECRETS ?? "").split(",").filter((s) => s.length >= 8);
const metaAppSecret = arg("--meta-secret") ?? process.env.META_APP_SECRET ?? "";
const verifyToken = process.env.META_VERIFY_TOKEN ?? "";
/** The server's APP_URL (`--app-url`, or APP_URL): where its redirects may go besides the base the probe calls. */
const appOrigin = new URL(arg("--app-url") ?? process.env.APP_URL ?? base).origin;
const TIMEOUT_MS = 20_000;
/** `--verbose`: every answer of the transport, bytes, replay, race, traversal and pagination probes, one line each. */
const verbose = process.argv.includes("--verbose");

interface Answer {
  status: number;
  type: string;
  cls: string;
  body: string;
  ms: number;
}
const classes = new Map<string, number>();
/** Bad values answered 200, printed for review. */
const accepted: string[] = [];
const REVIEW = /100 KB|1 MB|deep|control|bidi|zone|rrule|date|month|year|negative|huge|2\^53|fraction|NaN|Infinity|items|enum|extra keys|prototype|cursor/;
const findings: string[] = [];

const LEAKS: [RegExp, string][] = [
  [/\n\s+at [^\n]+:\d+:\d+/, "stack trace"],
  [/node_modules|\/work\/|\.ts:\d+/, "source path"],
  [/\b(select|insert into|update|delete from)\b[^"]{0,80}\b(from|set|values|where)\b/i, "SQL"],
  [/\b(relation|column) "[^"]+"|violates|syntax error at|invalid input syntax|duplicate key/i, "PostgreSQL error"],
  [/postgres(ql)?:\/\//, "database URL"],
];

async function send(label: string, url: string, init: RequestInit = {}): Promise<Answer> {
  const start = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let status = 0;
  let body = "";
  let type = "";
  try {
    const res = await fetch(url, { ...init, signal: abort.signal, redirect: "manual" });
    status = res.status;
    type = res.headers.get("content-type") ?? "";
    body = type.includes("text/event-stream") ? await firstStreamError(res, abort) : await res.text();
  } catch (err) {
    body = abort.signal.aborted ? "timeout" : `connection: ${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
  const ms = Math.round(performance.now() - start);
  // Node's HTTP parser refuses a request line and headers over 16 KB: 431, or a reset while the client still writes.
  const cls = status === 0 && url.length > 16_384 && /ECONNRESET|UND_ERR_SOCKET/.test(body) ? "431 or reset (URL over 16 KB)" : classify(status, body);
  classes.set(cls, (classes.get(cls) ?? 0) + 1);
  const problem = findingOf(status, body, cls);
  if (problem) findings.push(`${label} → ${cls}: ${problem} ${body.slice(0, 240).replace(/\s+/g, " ")}`);
  if (verbose && !label.includes("[")) process.stdout.write(`  ${label.slice(0, 110)} → ${cls}\n`);
  return { status, type, cls, body, ms };
}

/** A subscription's answer: its first error event's JSON (classed like a query's), else "(stream)" after 1.5 s. */
async function firstStreamError(res: Response, abort: AbortController): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const stop = setTimeout(() => abort.abort(), 1_500);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const error = /event: serialized-error\ndata: (.*)\n/.exec(text);
      if (error) return JSON.stringify({ error: { json: (JSON.parse(error[1]!) as { json: unknown }).json } });
    }
  } catch {
    // stopped after 1.5 s: the stream was open and fine
  } finally {
    clearTimeout(stop);
    abort.abort();
  }
  return "(stream)";
}

function classify(status: number, body: string): string {
  if (status === 0) return body.startsWith("timeout") ? "hang" : "dropped";
  try {
    const parsed = JSON.parse(body) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const codes = list.map((item) => {
      const e = (item as { error?: { json?: { data?: { code?: string; appError?: { code?: string } | null } } } } | null)?.error;
      if (e?.json?.data) return `${e.json.data.code}${e.json.data.appError ? `:${e.json.data.appError.code}` : ""}`;
      if ((item as { result?: unknown } | null)?.result !== undefined) return "ok";
      const plain = (item as { error?: unknown } | null)?.error;
      return typeof plain === "string" ? plain : "json";
    });
    return `${status} ${[...new Set(codes)].join("+")}`;
  } catch {
    return `${status} ${body.startsWith("<!doctype") ? "html" : "text"}`;
  }
}

function findingOf(status: number, body: string, cls: string): string | null {
  if (status === 0) return cls.startsWith("431") ? null : cls;
  if (status >= 500 && !(status === 503 && body.includes("not built"))) return "server error";
  for (const [re, what] of LEAKS) if (re.test(body)) return `leaks ${what}`;
  for (const s of secrets) if (body.includes(s)) return "leaks a secret";
  // A tRPC BAD_REQUEST must say what is wrong: field errors, form errors or an app code.
  if (/BAD_REQUEST/.test(cls)) {
    for (const item of [JSON.parse(body) as unknown].flat()) {
      const data = (item as { error?: { json?: { data?: Record<string, unknown> } } }).error?.json?.data;
      if (data && data.code === "BAD_REQUEST" && !data.fieldErrors && !(data.formErrors as unknown[] | null)?.length && !data.appError) return "BAD_REQUEST without field errors or code";
    }
  }
  return null;
}

// ---- sessions

class Session {
  cookie = "";
  workspaceId = "";
  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      "content-type": "application/json",
      origin: base,
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(this.workspaceId ? { "x-sillage-workspace": this.workspaceId } : {}),
      ...extra,
    };
  }
  async call(path: string, input?: unknown, type: "query" | "mutation" = "mutation"): Promise<unknown> {
    const url = type === "query" ? `${base}/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}` : `${base}/trpc/${path}`;
    const res = await fetch(url, { method: type === "query" ? "GET" : "POST", headers: this.headers(), body: type === "mutation" ? JSON.stringify({ json: input }) : undefined });
    for (const c of res.headers.getSetCookie()) if (c.startsWith("sillage_session=")) this.cookie = c.split(";")[0]!;
    const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: unknown };
    if (body.error) throw new Error(`${path}: ${JSON.stringify(body.error).slice(0, 300)}`);
    return body.result?.data.json;
  }
  async pickWorkspace() {
    const me = (await this.call("auth.me", undefined, "query")) as { workspaces: { id: string }[] };
    this.workspaceId = me.workspaces[0]!.id;
  }
}

async function signup(): Promise<Session> {
  const s = new Session();
  await s.call("auth.signup", { email: `probe-${uuid().slice(0, 8)}@example.com`, name: "Probe", password: "a long password 123", workspaceName: "Probe shop" });
  await s.pickWorkspace();
  return s;
}

// ---- inputs from the procedures' zod schemas

type Schema = { _zod: { def: Record<string, unknown> & { type: string } } } & Record<string, unknown>;
type Path = (string | number)[];

const uuid = () => crypto.randomUUID();
const soon = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/** A plausible valid value of a schema (ids random, so destructive procedures touch nothing real). */
function sampleOf(s: Schema, key = ""): unknown {
  const def = s._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return def.type === "optional" && /cursor/i.test(key) ? undefined : sampleOf(def.innerType as Schema, key);
    case "pipe":
      return sampleOf(def.in as Schema, key);
    case "lazy":
      return sampleOf((def.getter as () => Schema)(), key);
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, Schema>)) {
        const value = sampleOf(v, k);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    case "array":
      return [sampleOf(def.element as Schema, key)];
    case "record":
      return {};
    case "union":
    case "discriminatedUnion":
      return sampleOf((def.options as Schema[])[0]!, key);
    case "intersection":
      return { ...(sampleOf(def.left as Schema, key) as object), ...(sampleOf(def.right as Schema, key) as object) };
    case "enum":
      return Object.values(def.entries as Record<string, string>)[0];
    case "literal":
      return (def.values as unknown[])[0];
    case "boolean":
      return true;
    case "number":
    case "int":
    case "bigint": {
      const min = (s as { minValue?: number | null }).minValue;
      return typeof min === "number" && Number.isFinite(min) ? Math.max(min, Math.min(1, (s as { maxValue?: number }).maxValue ?? 1)) : 1;
    }
    case "date":
      return soon();
    case "string":
    case "template_literal":
      return stringSample(s, key);
    default:
      return null;
  }
}

function stringSample(s: Schema, key: string): string {
  const format = (s as { format?: string | null }).format;
  if (format === "uuid" || format === "guid") return uuid();
  if (format === "datetime") return soon();
  if (format === "date") return soon().slice(0, 10);
  if (format === "email") return `probe-${uuid().slice(0, 8)}@example.com`;
  if (format === "url") return "https://example.com/probe";
  if (/zone/i.test(key)) return "Europe/Paris";
  if (/rrule/i.test(key)) return "FREQ=DAILY;COUNT=3";
  if (/dtstart|^at$|exdates/i.test(key)) return "2031-01-06T09:00";
  if (/colou?r/i.test(key)) return "#1F9D55";
  if (/password/i.test(key)) return "a long password 123";
  if (/phone/i.test(key)) return "+33611111111";
  const min = (s as { minLength?: number | null }).minLength ?? 0;
  return "probe".padEnd(Math.max(min, 5), "x");
}

interface Variant {
  label: string;
  input: unknown;
  /** superjson's meta: what JSON cannot carry (NaN, Infinity as numbers). */
  meta?: unknown;
}

const HUGE = 10_001;
const BIG = "x".repeat(100_000);
/** A 1 MB string: over the API's body limit in a mutation, over Node's header limit in a query's URL. */
const MEGABYTE = "x".repeat(1_048_576);
const deepObject = (n: number): unknown => (n === 0 ? 1 : { a: deepObject(n - 1) });
const stringBad = (key: string): [string, unknown][] => [
  ["100 KB", BIG],
  ["empty", ""],
  ["NUL", "a\u0000b"],
  ["control characters", "a\u0001\u0008\u001b[31m\u007f\u0085b"],
  ["lone surrogate", "\ud800x"],
  ["bidi and zero-width", "\u202e\u200b\ufeffx"],
  ["number", 42],
  ["object", { $gt: "" }],
  ["null", null],
  ...(/zone/i.test(key) ? ([["unknown zone", "Mars/Olympus"], ["zone traversal", "../../../etc/passwd"], ["offset zone", "UTC+25"]] as [string, unknown][]) : []),
  ...(/rrule/i.test(key)
    ? ([["secondly rrule", "FREQ=SECONDLY;INTERVAL=1"], ["endless rrule", "FREQ=MINUTELY"], ["huge count", "FREQ=DAILY;COUNT=100000000"], ["impossible rrule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"], ["garbage rrule", "FREQ=;;;=;BYDAY=XX"], ["rrule with dtstart", "DTSTART:20310101T000000Z\nRRULE:FREQ=DAILY"]] as [string, unknown][])
    : []),
  ...(/^(from|to|at|until|occurrence|publishAt|dtstart|since|before|after)$|exdates|date/i.test(key)
    ? ([["impossible date", "2031-02-30T09:00"], ["month 13", "2031-13-01T00:00:00Z"], ["year 275760", "+275760-09-13T00:00:00.000Z"], ["year 0", "0000-01-01T00:00:00Z"], ["year -5000", "-005000-01-01T00:00:00.000Z"], ["not a date", "tomorrow"], ["epoch number", 1700000000000]] as [string, unknown][])
    : []),
  ...(/cursor/i.test(key) ? cursorBad : []),
];
/**
 * Cursors a hostile client makes: negative and past-bigint numbers, and this API's own cursor shapes (an instant and
 * an id, base64url or plain) holding instants PostgreSQL cannot store (before 4713 BC, after 294276) or garbage.
 */
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const cursorBad: [string, unknown][] = [
  ["negative cursor", "-1"],
  ["zero cursor", "0"],
  ["cursor past bigint", "9999999999999999999"],
  ["cursor below bigint", "-9223372036854775809"],
  ["cursor 1e309", "1e309"],
  ["cursor of year -200000", b64(`-200000-01-01T00:00:00.000Z|${crypto.randomUUID()}`)],
  ["cursor of year 275760", b64(`+275760-09-13T00:00:00.000Z|${crypto.randomUUID()}`)],
  ["plain cursor of year -200000", `-200000-01-01T00:00:00.000Z|${crypto.randomUUID()}`],
  ["JSON cursor of year -200000", b64(JSON.stringify(["-200000-01-01T00:00:00.000Z", crypto.randomUUID()]))],
  ["cursor traversal", "../../../etc/passwd"],
  ["cursor not base64", "%%%%"],
];
const numberBad: [string, unknown][] = [
  ["negative", -1],
  ["very negative", -1e308],
  ["huge", 1e308],
  ["beyond 2^53", 2 ** 53 + 2],
  ["fraction", 0.5],
  ["NaN as string", "NaN"],
  ["Infinity as string", "Infinity"],
  ["number as string", "1"],
  ["null", null],
];

/** One bad value at a time, at every place of the sample, plus the whole input replaced. */
function variantsOf(s: Schema | undefined): Variant[] {
  const sample = s ? sampleOf(s) : undefined;
  const out: Variant[] = [
    { label: "sample", input: sample },
    { label: "missing input", input: undefined },
    { label: "null input", input: null },
    { label: "string input", input: "x" },
    { label: "array input", input: [sample] },
    { label: "huge array input", input: Array.from({ length: HUGE }, () => 1) },
    { label: "prototype keys", input: JSON.parse(`{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}`) as unknown },
    { label: "1 MB string input", input: MEGABYTE },
    { label: "deep object input (1,000)", input: deepObject(1_000) },
  ];
  if (!s) return out;
  const walk = (schema: Schema, path: Path, key: string) => {
    const def = schema._zod.def;
    const at = (label: string, value: unknown) => out.push({ label: `${path.join(".") || "(input)"}: ${label}`, input: replaceAt(sample, path, value) });
    switch (def.type) {
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
        return walk(def.innerType as Schema, path, key);
      case "pipe":
        return walk(def.in as Schema, path, key);
      case "object": {
        if (path.length) at("extra keys", { ...(sampleOf(schema) as object), "\u0000": 1, ["k".repeat(10_000)]: "v" });
        for (const [k, v] of Object.entries(def.shape as Record<string, Schema>)) {
          walk(v, [...path, k], k);
          at(`${k} missing`, Object.fromEntries(Object.entries(sampleOf(schema) as object).filter(([kk]) => kk !== k)));
        }
        return;
      }
      case "array": {
        at(`${HUGE} items`, Array.from({ length: HUGE }, () => sampleOf(def.element as Schema, key)));
        at("1,000 items", Array.from({ length: 1000 }, () => sampleOf(def.element as Schema, key)));
        at("object instead", { 0: "x" });
        at("nested garbage", [[["\u0000"]], { "\ud800": null }]);
        return walk(def.element as Schema, [...path, 0], key);
      }
      case "enum":
      case "literal":
        at("unknown enum value", "__bogus__");
        at("enum value cased", String(sampleOf(schema)).toUpperCase() === String(sampleOf(schema)) ? String(sampleOf(schema)).toLowerCase() : String(sampleOf(schema)).toUpperCase());
        at("number", 1);
        return;
      case "boolean":
        at("string", "true");
        at("number", 1);
        return;
      case "number":
      case "int":
        for (const [label, value] of numberBad) at(label, value);
        // Numbers JSON cannot carry, as superjson sends them (its meta names the value's place).
        if (path.length) {
          for (const v of ["NaN", "Infinity", "-Infinity"]) out.push({ label: `${path.join(".")}: ${v} (superjson)`, input: replaceAt(sample, path, v), meta: { values: { [path.join(".")]: ["number"] } } });
        }
        return;
      case "string":
        for (const [label, value] of stringBad(key)) at(label, value);
        at("1 MB", MEGABYTE);
        return;
      case "union":
      case "discriminatedUnion":
        at("matches no branch", { kind: "__bogus__", type: "__bogus__" });
        for (const [i, o] of (def.options as Schema[]).entries()) if (i === 0) walk(o, path, key);
        return;
      default:
        at("wrong type", [1, "2", null]);
    }
  };
  walk(s, [], "");
  return out;
}

function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") node[key] = typeof key === "number" ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

// ---- the probes

type Proc = { _def: { type: "query" | "mutation" | "subscription"; inputs: Schema[] } };
const procedures = (appRouter._def as unknown as { procedures: Record<string, Proc> }).procedures;
/** Calls that would end the probe's own session or cost real work per call. */
const SKIP_AS_OWNER = new Set(["auth.logout", "workspace.leave"]);

function trpcRequest(who: Session | null, path: string, type: Proc["_def"]["type"], input: unknown, extraHeaders: Record<string, string> = {}, label = `${path} ${type}`, meta?: unknown) {
  const json = input === undefined ? undefined : JSON.stringify(meta === undefined ? { json: input } : { json: input, meta });
  const headers = who ? who.headers(extraHeaders) : { "content-type": "application/json", origin: base, ...extraHeaders };
  if (type === "subscription") headers.accept = "text/event-stream";
  const url = new URL(`${base}/trpc/${path}`);
  if (type !== "mutation" && json !== undefined) url.searchParams.set("input", json);
  return send(label, url.toString(), { method: type === "mutation" ? "POST" : "GET", headers, body: type === "mutation" ? json : undefined });
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function probeProcedures(owner: Session, other: Session) {
  const paths = Object.keys(procedures).filter((p) => !only || p.startsWith(only)).sort();
  for (const path of paths) {
    const { type, inputs } = procedures[path]!._def;
    const schema = inputs[0];
    const variants = variantsOf(schema);
    const before = findings.length;
    // Procedures that would end the caller's session or membership run as a throwaway sign-up instead.
    const who = SKIP_AS_OWNER.has(path) ? await signup() : owner;
    await pool(variants, 4, async (v) => {
      const a = await trpcRequest(who, path, type, v.input, {}, `${path} [${v.label}]`, v.meta);
      // Bad values a procedure took: not a finding by itself (a 100 KB search is fine), listed for a reader.
      // (A subscription answers 200 and refuses in its first event: its class names the refusal.)
      if (a.status === 200 && !/[A-Z]{2,}_?[A-Z]*$/.test(a.cls) && v.label !== "sample" && REVIEW.test(v.label)) accepted.push(`${path} [${v.label}]`);
    });
    // Unauthenticated, the other tenant's session naming the owner's workspace, a workspace header that is no id.
    const sample = schema ? sampleOf(schema) : undefined;
    await trpcRequest(null, path, type, sample, {}, `${path} [unauthenticated]`);
    if (!SKIP_AS_OWNER.has(path)) {
      await trpcRequest(other, path, type, sample, { "x-sillage-workspace": owner.workspaceId }, `${path} [other tenant's workspace]`);
      await trpcRequest(owner, path, type, sample, { "x-sillage-workspace": "not-a-uuid" }, `${path} [bad workspace header]`);
    }
    process.stdout.write(`${path}: ${variants.length + 3} calls, ${findings.length - before} findings\n`);
    // A bad input must not cost the caller their session: say so, then sign in again for the next procedures.
    if (!(await owner.call("auth.me", undefined, "query").catch(() => null))) {
      findings.push(`${path}: the owner's session no longer works after its calls`);
      owner.cookie = "";
      await owner.call("demo.login");
    }
  }
}

/** The owner's real ids, sent by the other tenant (each must answer NOT_FOUND / FORBIDDEN, never the row). */
async function probeCrossTenant(owner: Session, other: Session) {
  // A customer writes through the demo (signed webhook → inbox), so the owner has a conversation to aim at.
  await owner.call("demo.simulate", { kind: "whatsapp_message", text: "Bonjour, où est ma commande ?", customerName: "Probe" }).catch(() => undefined);
  for (let i = 0; i < 20; i++) {
    const list = (await owner.call("inbox.conversations", { limit: 1 }, "query")) as { items?: unknown[] } | unknown[];
    if ((Array.isArray(list) ? list : (list.items ?? [])).length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const conv = (await owner.call("inbox.conversations", { limit: 5 }, "query")) as { items?: { id: string }[] } | { id: string }[];
  const convId = (Array.isArray(conv) ? conv : (conv.items ?? []))[0]?.id;
  const channels = (await owner.call("channels.list", undefined, "query")) as { id: string }[];
  const calls: [string, "query" | "mutation", unknown][] = [];
  if (convId) {
    for (const p of ["inbox.messages", "inbox.contact", "notes.list", "inbox.templates", "savedReplies.forConversation"]) calls.push([p, "query", { conversationId: convId }]);
    for (const p of ["inbox.markRead", "inbox.resolve", "inbox.reopen"]) calls.push([p, "mutation", { conversationId: convId }]);
    calls.push(["inbox.reply", "mutation", { conversationId: convId, text: "cross-tenant" }]);
    calls.push(["notes.add", "mutation", { conversationId: convId, text: "cross-tenant" }]);
  }
  for (const ch of channels.slice(0, 2)) {
    calls.push(["channels.health", "query", { id: ch.id }]);
    calls.push(["posts.whatsappTemplates", "query", { channelId: ch.id }]);
    calls.push(["ai.control.set", "mutation", { enabled: false, channelId: ch.id }]);
    calls.push(["channels.disconnect", "mutation", { id: ch.id }]);
  }
  for (const [path, type, input] of calls) {
    const a = await trpcRequest(other, path, type, input);
    if (a.status < 400) findings.push(`cross-tenant ${path} → ${a.cls}: the other tenant's id was accepted`);
  }
  process.stdout.write(`cross-tenant: ${calls.length} calls (conversation ${convId ? "found" : "none"}, ${channels.length} channels)\n`);
}

async function probeTransport(owner: Session) {
  const h = owner.headers();
  const q = (p: string, init: RequestInit = {}) => send(`transport ${p}`, `${base}${p}`, init);
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: "{not json" });
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: '{"json":' });
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: "" });
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: "\u0000\u0000" });
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: '{"json":{"name":"x"},"meta":{"values":{"name":["Date"]}}}' });
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: '{"json":{"name":"x"},"meta":{"values":{"name":["bigint"]}}}' });
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: '{"json":{"name":"x"},"meta":{"values":{"name":[["custom","nope"]]}}}' });
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: '{"json":{"name":"x"},"meta":{"referentialEqualities":{"name":["__proto__.x"]}}}' });
  await q("/trpc/workspace.update", { method: "POST", headers: { ...h, "content-type": "text/plain" }, body: '{"json":{"name":"x"}}' });
  await q("/trpc/workspace.update", { method: "POST", headers: { ...h, "content-type": "application/x-www-form-urlencoded" }, body: "name=x" });
  await q("/trpc/workspace.update", { method: "POST", headers: { ...h, "content-type": "multipart/form-data; boundary=zz" }, body: "--zz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--zz--\r\n" });
  await q("/trpc/workspace.update", { method: "GET", headers: h });
  await q("/trpc/workspace.get", { method: "POST", headers: h, body: "{}" });
  await q("/trpc/workspace.get", { method: "PUT", headers: h, body: "{}" });
  await q("/trpc/workspace.get", { method: "DELETE", headers: h });
  await q("/trpc/workspace.get", { method: "OPTIONS", headers: h });
  await q("/trpc/workspace.get?input=%7Bnot", { headers: h });
  await q("/trpc/workspace.get?input=%E0%A4%A", { headers: h });
  await q(`/trpc/workspace.get?input=${"x".repeat(200_000)}`, { headers: h });
  await q("/trpc/no.such.procedure", { headers: h });
  await q("/trpc/__proto__", { headers: h });
  await q("/trpc/constructor", { headers: h });
  await q("/trpc/", { headers: h });
  await q("/trpc", { headers: h });
  await q("/trpc/workspace.get,auth.me?batch=1", { headers: h });
  await q("/trpc/workspace.get,auth.me?batch=1&input=%7B%7D", { headers: h });
  await q(`/trpc/workspace.get,auth.me?batch=1&input=${encodeURIComponent('{"0":{"json":null},"1":"garbage"}')}`, { headers: h });
  await q(`/trpc/${Array.from({ length: 500 }, () => "workspace.get").join(",")}?batch=1`, { headers: h });
  await q("/trpc/workspace.update,no.such?batch=1", { method: "POST", headers: h, body: '{"0":{"json":{"name":"Probe"}},"1":{}}' });
  await q("/trpc/workspace.update,auth.me?batch=1", { method: "POST", headers: h, body: "[1,2]" });
  await q("/trpc/inbox.onEvent,workspace.get?batch=1", { headers: { ...h, accept: "text/event-stream" } });
  await q("/trpc/workspace.update", { method: "POST", headers: { ...h, origin: "https://evil.example" }, body: '{"json":{"name":"x"}}' });
  await q("/trpc/workspace.get", { headers: { ...h, "x-sillage-workspace": "00000000-0000-0000-0000-000000000000" } });
  await q("/trpc/workspace.get", { headers: { ...h, cookie: `sillage_session=${"x".repeat(5000)}` } });
  await q("/trpc/workspace.get", { headers: { ...h, cookie: "sillage_session=%E0%A4%A" } });
  await q("/trpc/workspace.get", { headers: { authorization: "Bearer \u00ff\u00fe", origin: base } });
  await q("/trpc/workspace.get", { headers: { authorization: `Bearer ${"a".repeat(10_000)}` } });
  await q("/trpc/workspace.get", { headers: { authorization: "Basic Zm9vOmJhcg==" } });
  // A body larger than any input (the limit is about 14 MB): refused before it is read whole.
  await q("/trpc/workspace.update", { method: "POST", headers: h, body: `{"json":{"name":"${"x".repeat(16 * 1024 * 1024)}"}}` });
  process.stdout.write("transport: done\n");
}

function sign(body: string, secret: string) {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

async function probeWebhooks() {
  const post = (platform: string, label: string, body: string, headers: Record<string, string> = {}) =>
    send(`webhook ${platform} ${label}`, `${base}/webhooks/${platform}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const good = JSON.stringify({ object: "whatsapp_business_account", entry: [] });
  for (const platform of ["whatsapp", "instagram"]) {
    await post(platform, "no signature", good);
    await post(platform, "bad signature", good, { "x-hub-signature-256": "sha256=deadbeef" });
    await post(platform, "malformed signature", good, { "x-hub-signature-256": "md5=\u00ff" });
    await post(platform, "sha1 only", good, { "x-hub-signature": "sha1=0000" });
    await post(platform, "huge signature", good, { "x-hub-signature-256": `sha256=${"a".repeat(8000)}` });
    if (metaAppSecret) {
      for (const [label, body] of [
        ["valid empty entry", good],
        ["truncated JSON", good.slice(0, 20)],
        ["not JSON", "\u0000\u0001garbage"],
        ["empty body", ""],
        ["JSON null", "null"],
        ["JSON array", "[1,2,3]"],
        ["JSON string", '"x"'],
        ["entry not a list", '{"object":"page","entry":{"id":1}}'],
        ["entry garbage", JSON.stringify({ object: "instagram", entry: [null, 1, "x", { id: { $ne: 1 } }, { id: "1".repeat(5000), changes: "x", messaging: [null] }] })],
        ["deep nesting", `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`],
        ["NUL in text", JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { messages: [{ id: "wamid.x", from: "1", type: "text", text: { body: "a\u0000b" } }] } }] }] })],
        ["lone surrogate", '{"object":"instagram","entry":[{"id":"\\ud800","messaging":[]}]}'],
        ["2 MB", JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "x".repeat(2_000_000) }] }] })],
      ] as const) {
        await post(platform, label, body, { "x-hub-signature-256": sign(body, metaAppSecret) });
      }
      const giant = JSON.stringify({ object: "x", pad: "x".repeat(4 * 1024 * 1024) });
      await post(platform, "4 MB signed", giant, { "x-hub-signature-256": sign(giant, metaAppSecret) });
      await post(platform, "wrong content-type", good, { "x-hub-signature-256": sign(good, metaAppSecret), "content-type": "text/plain" });
    }
    const get = (label: string, qs: string) => send(`webhook GET ${platform} ${label}`, `${base}/webhooks/${platform}?${qs}`);
    await get("no token", "hub.mode=subscribe&hub.challenge=1");
    await get("wrong token", "hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1");
    await get("wrong mode", `hub.mode=unsubscribe&hub.verify_token=${verifyToken}&hub.challenge=1`);
    await get("unicode token", "hub.mode=subscribe&hub.verify_token=%C3%A9%C3%A9&hub.challenge=1");
    await get("bad percent", "hub.mode=subscribe&hub.verify_token=%E0%A4%A&hub.challenge=1");
    if (verifyToken) {
      const ok = await get("right token, script challenge", `hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=%3Cscript%3Ealert(1)%3C/script%3E`);
      if (ok.status === 200 && ok.body.includes("<script>") && !ok.type.startsWith("text/plain")) findings.push(`webhook GET ${platform}: the challenge is echoed as ${ok.type}`);
      await get("right token, huge challenge", `hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=${"9".repeat(100_000)}`);
    }
    await send(`webhook PUT ${platform}`, `${base}/webhooks/${platform}`, { method: "PUT", body: "{}" });
  }
  await send("webhook unknown platform", `${base}/webhooks/telegram`, { method: "POST", body: "{}" });
  process.stdout.write("webhooks: done\n");
}

async function probeStatic() {
  const paths = [
    "/", "/index.html", "/login", "/inbox/../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/assets/..%2f..%2f..%2f..%2fpackage.json",
    "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json", "/%2e%2e/%2e%2e/package.json", "/assets/../../../../../etc/passwd", "/assets/nope.js",
    "/assets/app-abc.js", "/assets/app-abc.js.map", "/assets/app-abc.js.gz", "/assets/%00.js", "/%00", "/favicon.svg", "/..\\..\\package.json",
    "/assets/..\\..\\..\\package.json", `/${"a".repeat(10_000)}`, "/%E0%A4%A", "/.env", "/.data/app-secret", "/apps/server/src/main.ts",
    "/media/x", "/media/..%2f..%2fetc%2fpasswd", "/media/x?sig=1&exp=1e308", "/sentry/tunnel", "/oauth/instagram/callback", "/oauth/instagram/callback?code=x&state=%00",
    "/healthz", "/readyz", "/metrics", "/healthz?x=%00",
  ];
  for (const p of paths) {
    const a = await send(`static ${p.slice(0, 60)}`, `${base}${p}`);
    if (/root:x:0:0|"name": ?"sillage"|APP_SECRET|import \{/.test(a.body)) findings.push(`static ${p}: serves a file outside the build`);
  }
  await send("metrics wrong token", `${base}/metrics`, { headers: { authorization: "Bearer wrong-wrong-wrong-wrong" } });
  await send("metrics bad header", `${base}/metrics`, { headers: { authorization: "Bearer \u00e9" } });
  await send("sentry tunnel garbage", `${base}/sentry/tunnel`, { method: "POST", body: "\u0000garbage" });
  await send("sentry tunnel giant", `${base}/sentry/tunnel`, { method: "POST", body: "x".repeat(5 * 1024 * 1024) });
  await send("healthz POST", `${base}/healthz`, { method: "POST", body: "x" });
  process.stdout.write("static: done\n");
}

// ---- a hostile tester's probes: raw bytes, header encodings, replays, races, traversal, pagination

const target = new URL(base);

/**
 * One request written byte for byte on its own socket (what fetch refuses to send: invalid UTF-8 in a header, a
 * bare LF, an absolute request target…), read until the server closes it or answers. Classed like the others.
 */
function raw(label: string, request: Buffer | string): Promise<Answer> {
  const start = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port || 80), target.hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (why?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      const [head = "", ...rest] = text.split("\r\n\r\n");
      let body = Buffer.from(rest.join("\r\n\r\n"), "latin1").toString("utf8");
      if (/transfer-encoding: chunked/i.test(head)) body = dechunk(body);
      const type = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? "";
      const answerBody = status ? body : (why ?? "connection: closed");
      const cls = classify(status, answerBody);
      classes.set(cls, (classes.get(cls) ?? 0) + 1);
      const problem = status === 0 && why !== "timeout" ? null : findingOf(status, answerBody, cls);
      if (problem) findings.push(`${label} → ${cls}: ${problem} ${answerBody.slice(0, 240).replace(/\s+/g, " ")}`);
      const shown = status === 0 && why !== "timeout" ? "refused at the socket" : cls;
      if (verbose) process.stdout.write(`  ${label} → ${shown}\n`);
      resolve({ status, type, cls: shown, body: answerBody, ms: Math.round(performance.now() - start) });
    };
    const timer = setTimeout(() => done("timeout"), TIMEOUT_MS);
    socket.on("data", (d) => {
      chunks.push(d);
      // One answer is enough: a kept-alive socket would otherwise wait for the timeout.
      const text = Buffer.concat(chunks).toString("latin1");
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      const headEnd = text.indexOf("\r\n\r\n");
      if (headEnd > 0 && length !== undefined && Buffer.concat(chunks).length >= headEnd + 4 + Number(length)) done();
      if (headEnd > 0 && /transfer-encoding: chunked/i.test(text.slice(0, headEnd)) && text.endsWith("0\r\n\r\n")) done();
    });
    socket.on("end", () => done());
    socket.on("close", () => done());
    socket.on("error", (err) => done(`connection: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    socket.write(request);
  });
}

function dechunk(body: string): string {
  let out = "";
  let rest = body;
  for (;;) {
    const nl = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, nl), 16);
    if (!(size > 0)) return out || body;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

function httpRequest(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Buffer {
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${target.host}`, "connection: close", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (bytes) lines.push(`content-length: ${bytes.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), bytes ?? Buffer.alloc(0)]);
}

/** Header bytes as UTF-8 (fetch only sends Latin-1): what a client that does not encode sends. */
const utf8Header = (value: string) => Buffer.from(value, "utf8").toString("latin1");

async function probeBytes(owner: Session) {
  const h = { "content-type": "application/json", origin: base, cookie: owner.cookie, "x-sillage-workspace": owner.workspaceId };
  const trpcPost = (label: string, body: Buffer | string, extra: Record<string, string> = {}) => raw(`bytes ${label}`, httpRequest("POST", "/trpc/labels.create", { ...h, ...extra }, body));
  const json = (inner: string) => Buffer.concat([Buffer.from('{"json":{"name":"', "latin1"), Buffer.from(inner, "latin1"), Buffer.from('","colour":"#1f9d55"}}', "latin1")]);
  // Invalid UTF-8: a lone continuation byte, an overlong "/", an encoded surrogate, a sequence cut short, past U+10FFFF.
  await trpcPost("invalid UTF-8 (lone 0xFF)", json("a\xffb"));
  await trpcPost("invalid UTF-8 (overlong /)", json("\xc0\xaf"));
  await trpcPost("invalid UTF-8 (encoded surrogate)", json("\xed\xa0\x80"));
  await trpcPost("invalid UTF-8 (cut short)", json("\xe2\x82"));
  await trpcPost("invalid UTF-8 (past U+10FFFF)", json("\xf4\x90\x80\x80"));
  await trpcPost("UTF-16 body", Buffer.from('{"json":{"name":"x","colour":"#1f9d55"}}', "utf16le"), { "content-type": "application/json; charset=utf-16" });
  await trpcPost("BOM before the JSON", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"json":{"name":"BOM","colour":"#1f9d55"}}')]));
  await trpcPost("latin-1 charset", json("caf\xe9"), { "content-type": "application/json; charset=iso-8859-1" });
  await trpcPost("no content type", '{"json":{"name":"x","colour":"#1f9d55"}}', { "content-type": "" });
  await trpcPost("gzip claimed, not gzip", "not gzip at all", { "content-encoding": "gzip" });
  await trpcPost("gzip bomb", gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), { "content-encoding": "gzip" });
  await trpcPost("deep arrays (1M)", `{"json":${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}}`);
  await trpcPost("deep objects (500k)", `{"json":${'{"a":'.repeat(500_000)}1${"}".repeat(500_000)}}`);
  await trpcPost("200,000 keys", `{"json":{${Array.from({ length: 200_000 }, (_, i) => `"k${i}":1`).join(",")}}}`);
  await trpcPost("1e999999 number", '{"json":{"name":1e999999,"colour":"#1f9d55"}}');
  await trpcPost("10 MB of spaces", `${" ".repeat(10 * 1024 * 1024)}{"json":{"name":"x","colour":"#1f9d55"}}`);
  await trpcPost("duplicate keys", '{"json":{"name":"a","name":"b\\u0000","colour":"#1f9d55"}}');
  await trpcPost("content-length lies (short)", Buffer.from('{"json":{"name":"x"}}'), { "content-length": "5" });
  await raw("bytes content-length lies (long)", Buffer.concat([Buffer.from(`POST /trpc/labels.create HTTP/1.1\r\nhost: ${target.host}\r\ncontent-type: application/json\r\norigin: ${base}\r\ncookie: ${owner.cookie}\r\ncontent-length: 100000\r\n\r\n`), Buffer.from("{}")]));
  // Unicode (sent as raw UTF-8 bytes) and control characters in headers.
  const get = (label: string, headers: Record<string, string>, path = "/trpc/workspace.get") => raw(`header ${label}`, httpRequest("GET", path, { origin: base, cookie: owner.cookie, ...headers }));
  await get("UTF-8 workspace id", { "x-sillage-workspace": utf8Header("é€😀") });
  await get("UTF-8 cookie", { cookie: utf8Header("sillage_session=😀é") });
  await get("UTF-8 bearer", { authorization: utf8Header("Bearer 😀😀😀😀") });
  await get("UTF-8 origin (mutation)", { origin: utf8Header("https://évil.example"), "content-type": "application/json" }, "/trpc/auth.logout");
  await get("UTF-8 user agent", { "user-agent": utf8Header("Mozilla/5.0 😀 \u202e") });
  await get("UTF-8 accept-language", { "accept-language": utf8Header("fr-FR,😀;q=0.9") });
  await get("UTF-8 forwarded-for", { "x-forwarded-for": utf8Header("😀, ::ffff:999.1.1.1, \u0000") });
  await get("UTF-8 host", { host: utf8Header("ñ.example") }, "/login");
  await get("UTF-8 request id", { "x-request-id": utf8Header("😀\u202e") });
  await get("duplicated workspace headers", { "x-sillage-workspace": owner.workspaceId, "X-Sillage-Workspace": crypto.randomUUID() });
  await raw("header with a bare LF", Buffer.from(`GET /healthz HTTP/1.1\r\nhost: ${target.host}\r\nx-a: 1\nx-b: 2\r\nconnection: close\r\n\r\n`, "latin1"));
  await raw("header with NUL", Buffer.from(`GET /healthz HTTP/1.1\r\nhost: ${target.host}\r\nx-a: a\u0000b\r\nconnection: close\r\n\r\n`, "latin1"));
  await raw("absolute request target", Buffer.from(`GET http://evil.example/login HTTP/1.1\r\nhost: ${target.host}\r\naccept: text/html\r\nconnection: close\r\n\r\n`, "latin1"));
  await raw("request target without slash", Buffer.from(`GET healthz HTTP/1.1\r\nhost: ${target.host}\r\nconnection: close\r\n\r\n`, "latin1"));
  await raw("asterisk target", Buffer.from(`OPTIONS * HTTP/1.1\r\nhost: ${target.host}\r\nconnection: close\r\n\r\n`, "latin1"));
  await raw("UTF-8 path", Buffer.from(`GET /${utf8Header("é😀")} HTTP/1.1\r\nhost: ${target.host}\r\naccept: text/html\r\nconnection: close\r\n\r\n`, "latin1"));
  await raw("HTTP/1.0 without host", Buffer.from("GET /trpc/workspace.get HTTP/1.0\r\n\r\n", "latin1"));
  // Huge query strings: many parameters, the input twice, a long value on the webhooks' verification.
  await send("query 5,000 parameters", `${base}/trpc/workspace.get?${Array.from({ length: 5_000 }, (_, i) => `p${i}=1`).join("&")}`, { headers: owner.headers() });
  await send("query input twice", `${base}/trpc/labels.list?input=${encodeURIComponent('{"json":null}')}&input=${encodeURIComponent('{"json":{"x":1}}')}`, { headers: owner.headers() });
  await send("query input with NUL key", `${base}/trpc/labels.list?%00=1&input=%7B%7D`, { headers: owner.headers() });
  // A data: URL that is not base64 is percent-decoded: a broken escape.
  await trpcRequest(owner, "media.upload", "mutation", { data: "data:image/png,%E0%A4%A", filename: "x.png" }, {}, "bytes media.upload broken percent escape");
  await send("webhook GET 14 KB", `${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${"x".repeat(14_000)}&hub.challenge=1`);
  process.stdout.write("bytes and headers: done\n");
}

async function probeWebhookReplays(owner: Session) {
  if (!metaAppSecret) return;
  const channels = (await owner.call("channels.list", undefined, "query")) as { platform: string; externalId: string }[];
  const wa = channels.find((c) => c.platform === "whatsapp");
  if (!wa) return;
  const marker = `replay probe ${crypto.randomUUID().slice(0, 8)}`;
  const waId = `3369${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "1", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "33100000000", phone_number_id: wa.externalId }, contacts: [{ profile: { name: "Replay" }, wa_id: waId }], messages: [{ from: waId, id: `wamid.${marker.replace(/\W/g, "")}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: marker } }] } }] }],
  });
  const post = (label: string, payload: string, signature: string, extra: Record<string, string> = {}) =>
    send(`webhook replay ${label}`, `${base}/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signature, ...extra }, body: payload });
  const good = sign(body, metaAppSecret);
  // The same signed delivery five times at once, then again later (Meta retries): one message.
  const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => post(`concurrent #${i + 1}`, body, good)));
  await post("later", body, good);
  // Forged: another secret, another body's signature, the body re-serialized, the signature in upper case or twice.
  const forgedChecks: [string, Answer][] = [
    ["other secret", await post("other secret", body, sign(body, "not-the-app-secret"))],
    ["other body's signature", await post("other body's signature", body.replace(marker, `${marker} forged`), good)],
    ["body with a space added", await post("body with a space added", `${body} `, good)],
    ["upper-case hex", await post("upper-case hex", body, good.replace(/^sha256=/, "sha256=").replace(/[a-f]/g, (c) => c.toUpperCase()))],
    ["sha256= only", await post("sha256= only", body, "sha256=")],
    ["two signatures", await post("two signatures", body, `sha256=${"0".repeat(64)}, ${good}`)],
  ];
  for (const [label, a] of forgedChecks) if (a.status >= 200 && a.status < 300 && label !== "upper-case hex") findings.push(`webhook replay ${label} → ${a.cls}: a forged signature was accepted`);
  if (answers.some((a) => a.status !== 200)) findings.push(`webhook replay: concurrent deliveries answered ${answers.map((a) => a.status).join(",")}`);
  // Stored once: the conversation holds the marker once.
  let count = -1;
  for (let i = 0; i < 20 && count < 1; i++) {
    await new Promise((r) => setTimeout(r, 500));
    // Found by the customer's number (the preview may already be the automatic answer).
    const list = (await owner.call("inbox.conversations", { search: waId, limit: 5 }, "query")) as { items?: { id: string }[] };
    const conv = list.items?.[0];
    if (!conv) continue;
    const thread = (await owner.call("inbox.messages", { conversationId: conv.id, limit: 50 }, "query")) as { messages: { text?: string | null }[] };
    count = thread.messages.filter((m) => m.text === marker).length;
  }
  if (count !== 1) findings.push(`webhook replay: one signed message delivered 6 times is stored ${count} times`);
  process.stdout.write(`webhook replays: stored ${count} time(s)\n`);
}

async function probeRaces(owner: Session) {
  const burst = async (label: string, n: number, call: () => Promise<Answer>, unique: boolean) => {
    const answers = await Promise.all(Array.from({ length: n }, call));
    const oks = answers.filter((a) => a.status === 200).length;
    if (unique && oks !== 1) findings.push(`race ${label}: ${oks} of ${n} identical requests succeeded (${[...new Set(answers.map((a) => a.cls))].join(", ")})`);
    process.stdout.write(`race ${label}: ${[...new Set(answers.map((a) => a.cls))].join(", ")}\n`);
  };
  const labelName = `Race ${crypto.randomUUID().slice(0, 6)}`;
  await burst("labels.create same name", 8, () => trpcRequest(owner, "labels.create", "mutation", { name: labelName, colour: "#1f9d55" }, {}, "race labels.create"), true);
  const shortcut = `race-${crypto.randomUUID().slice(0, 6)}`;
  await burst("savedReplies.create same shortcut", 8, () => trpcRequest(owner, "savedReplies.create", "mutation", { title: "Race", shortcut, body: "Bonjour" }, {}, "race savedReplies.create"), true);
  const email = `race-${crypto.randomUUID().slice(0, 8)}@example.com`;
  await burst("auth.signup same e-mail", 6, () => trpcRequest(null, "auth.signup", "mutation", { email, name: "Race", password: "a long password 123" }, {}, "race auth.signup"), true);
  await burst("auth.login same person", 6, () => trpcRequest(null, "auth.login", "mutation", { email, password: "a long password 123" }, {}, "race auth.login"), false);
  const ruleName = `Race ${crypto.randomUUID().slice(0, 6)}`;
  await burst("ai.rules.create", 6, () => trpcRequest(owner, "ai.rules.create", "mutation", { type: "escalate", name: ruleName, keywords: ["race"] }, {}, "race ai.rules.create"), false);
  await burst("workspace.update", 8, () => trpcRequest(owner, "workspace.update", "mutation", { burstWindowSeconds: 20 }, {}, "race workspace.update"), false);
  await burst("notifications.markRead all", 8, () => trpcRequest(owner, "notifications.markRead", "mutation", { all: true }, {}, "race notifications.markRead"), false);
  await burst("onboarding.dismiss", 6, () => trpcRequest(owner, "onboarding.dismiss", "mutation", undefined, {}, "race onboarding.dismiss"), false);
}

async function probeTraversal(owner: Session) {
  const paths = [
    "/assets/%252e%252e/%252e%252e/package.json", "/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json", "/assets/%ef%bc%8e%ef%bc%8e/package.json",
    "/assets/..%5c..%5c..%5cpackage.json", "/assets/%2e%2e%5c%2e%2e%5cpackage.json", "/assets//etc/passwd", "//etc/passwd", "/assets/.%2e/.%2e/.%2e/package.json",
    "/assets/index.html%00.js", "/assets/%u002e%u002e/package.json", "/assets/..;/..;/package.json", "/assets/....//....//package.json",
    "/inbox/%2e%2e%2f%2e%2e%2f.data%2fapp-secret", "/media/%2e%2e/%2e%2e/.data/app-secret", "/media/..%5c..%5c.data%5capp-secret",
    "/media/%252e%252e%252f.data%252fapp-secret?exp=9999999999&sig=x", "/media/x?exp=-1&sig=", "/media/x?exp=99999999999999999999&sig=aa",
    "/media/x?exp=1&exp=2&sig=a&sig=b", `/media/${"a/".repeat(2000)}x`, "/media/", "/media", "/media/%00?exp=1&sig=1", "/media/%ff%fe",
    "/assets/", "/assets", "/index.html/..", "/login/", "/login?%00", "/.git/config", "/node_modules/.pnpm/lock.yaml", "/package.json",
  ];
  for (const p of paths) {
    const a = await raw(`traversal ${p.slice(0, 70)}`, httpRequest("GET", p, { accept: "text/html,*/*" }));
    if (/root:x:0:0|"name": ?"(sillage|@sillage)|APP_SECRET|\[core\]|lockfileVersion|import \{/.test(a.body)) findings.push(`traversal ${p}: serves a file outside the build`);
  }
  // A signed media link of the owner's, its path then bent.
  const upload = (await owner
    .call("media.upload", { data: `data:image/png;base64,${Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082", "hex").toString("base64")}`, filename: "probe.png" })
    .catch(() => null)) as { id?: string } | null;
  if (upload?.id) {
    const media = (await owner.call("media.get", { id: upload.id }, "query").catch(() => null)) as { url?: string } | null;
    if (media?.url) {
      const u = new URL(media.url, base);
      for (const bent of [`${u.pathname}/../../../.data/app-secret`, `${u.pathname}%2f..%2f..%2f..%2f.data%2fapp-secret`, `${u.pathname.replace(/[^/]+$/, "..%2f..%2fapp-secret")}`]) {
        const a = await raw(`traversal signed media ${bent.slice(-40)}`, httpRequest("GET", `${bent}${u.search}`, {}));
        if (a.status === 200 && !/^image\//.test(a.type)) findings.push(`traversal signed media ${bent}: answered 200 ${a.type}`);
      }
    }
  }
  process.stdout.write("traversal: done\n");
}

async function probePagination(owner: Session) {
  const q = (path: string, input: unknown) => trpcRequest(owner, path, "query", input, {}, `pagination ${path} ${JSON.stringify(input).slice(0, 80)}`);
  for (const limit of [0, -1, 1e9, 2 ** 31, 2 ** 63, -(2 ** 63), 1.5, "100"]) {
    await q("inbox.conversations", { limit });
    await q("ai.decisions", { limit });
    await q("billing.credits", { limit });
    await q("notifications.list", { limit });
    await q("comments.posts", { limit });
    await q("workspace.webhooks.deliveries", { limit });
  }
  for (const cursor of cursorBad.map(([, v]) => v)) {
    await q("inbox.conversations", { limit: 5, cursor });
    await q("ai.decisions", { limit: 5, cursor });
    await q("billing.credits", { limit: 5, cursor });
    await q("comments.posts", { limit: 5, cursor });
    await q("posts.list", { cursor, from: new Date(Date.now() - 86_400_000).toISOString(), to: soon() });
  }
  for (const cursor of [-1, -1e308, 2 ** 53 + 2, 1e308, 0.5]) await q("analytics.topicItems", { topicId: crypto.randomUUID(), cursor });
  process.stdout.write("pagination: done\n");
}

/**
 * What the third pass (probes3) looked at: the method each route answers, which paths are pages, the SPA's security
 * headers, the OAuth callback's redirects, Meta's handshake without a challenge, and webhook bodies of odd shapes.
 */
async function probeSurface() {
  const methods: [string, string][] = [
    ["PUT", "/favicon.svg"], ["DELETE", "/"], ["POST", "/inbox"], ["PATCH", "/webhooks/whatsapp"], ["DELETE", "/webhooks/instagram"],
    ["PUT", "/trpc/workspace.get"], ["DELETE", "/trpc/labels.create"], ["POST", "/healthz"], ["PUT", "/metrics"], ["POST", "/oauth/instagram/callback"],
    ["DELETE", "/media/x/y.png"], ["GET", "/sentry/tunnel"], ["OPTIONS", "/trpc/auth.me"],
  ];
  for (const [method, p] of methods) {
    const a = await send(`surface ${method} ${p}`, `${base}${p}`, { method, body: ["GET", "HEAD", "OPTIONS", "TRACE"].includes(method) ? undefined : "{}" });
    if (a.status >= 200 && a.status < 300 && method !== "OPTIONS") findings.push(`surface ${method} ${p} → ${a.cls}: a method the route does not take was answered`);
    if (a.status !== 405 && method !== "OPTIONS") findings.push(`surface ${method} ${p} → ${a.cls}: not 405`);
  }
  // fetch refuses to send TRACE: written on a socket.
  const trace = await raw("surface TRACE /", httpRequest("TRACE", "/", {}));
  if (trace.status !== 405) findings.push(`surface TRACE / → ${trace.cls}: not 405`);
  for (const p of ["/robots.txt", "/favicon.ico", "/wp-login.php", "/.env", "/.git/HEAD", "/config.json", "/webhooks/telegram", "/oauth/x", "/api/users"]) {
    const a = await send(`surface missing ${p}`, `${base}${p}`, { headers: { accept: "text/html,*/*" } });
    if (a.status === 200 && p !== "/api/users") findings.push(`surface ${p} → ${a.cls}: a missing file answered 200`);
  }
  const json = await send("surface page asked as JSON", `${base}/inbox`, { headers: { accept: "application/json" } });
  if (json.status === 200) findings.push("surface /inbox with Accept: application/json answered index.html");
  const page = await fetch(`${base}/login`, { headers: { accept: "text/html" } });
  const csp = page.headers.get("content-security-policy") ?? "";
  for (const [name, ok] of [
    ["CSP frame-ancestors 'none'", /frame-ancestors 'none'/.test(csp)],
    ["CSP script-src 'self' only", /script-src 'self'(;|$)/.test(csp)],
    ["X-Content-Type-Options", page.headers.get("x-content-type-options") === "nosniff"],
    ["X-Frame-Options", page.headers.get("x-frame-options") === "DENY"],
    ["Referrer-Policy", !!page.headers.get("referrer-policy")],
  ] as const) {
    if (!ok) findings.push(`surface security header missing on the SPA: ${name}`);
  }
  // Instagram Login's return: every redirect stays on APP_URL, whatever the query says.
  for (const qs of ["next=https://evil.example", "returnTo=//evil.example", "error=x&error_description=%0d%0aLocation:%20https://evil.example", "code=x&state=y&redirect_uri=https://evil.example", "error=1&next=%2F%2Fevil.example"]) {
    const a = await fetch(`${base}/oauth/instagram/callback?${qs}`, { redirect: "manual" });
    const location = a.headers.get("location") ?? "";
    // The server's own APP_URL is on-site too (the probe may name it by another host: 127.0.0.1 for localhost).
    if (location && ![new URL(base).origin, appOrigin].includes(new URL(location, base).origin)) findings.push(`surface oauth callback ?${qs} redirects off-site: ${location}`);
  }
  for (const platform of ["whatsapp", "instagram"]) {
    const a = await send(`surface handshake without challenge ${platform}`, `${base}/webhooks/${platform}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken || "x")}`);
    if (verifyToken && a.status === 200) findings.push(`surface ${platform} handshake without a challenge answered 200`);
  }
  if (metaAppSecret) {
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
    for (const [label, body] of [
      ["duplicate keys", '{"object":"whatsapp_business_account","entry":[],"entry":[{"id":"1","changes":[]}]}'],
      ["arrays for objects", '{"object":"whatsapp_business_account","entry":[[{"id":"1"}],[[]]]}'],
      ["unknown account", JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "999", changes: [{ field: "messages", value: { metadata: { phone_number_id: "999000" }, messages: [{ id: `wamid.probe-${uuid()}`, from: "1", timestamp: "1", type: "text", text: { body: "hi" } }] } }] }] })],
      ["deep value in an envelope", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":${deep(20_000)}}]}]}`],
    ] as const) {
      await send(`surface webhook ${label}`, `${base}/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": sign(body, metaAppSecret) }, body });
    }
  }
  process.stdout.write("surface: done\n");
}

async function main() {
  const health = await send("healthz", `${base}/healthz`);
  if (health.status !== 200) throw new Error(`${base} does not answer /healthz`);
  const owner = new Session();
  await owner.call("demo.login");
  await owner.pickWorkspace();
  const other = await signup();
  await probeTransport(owner);
  await probeWebhooks();
  await probeStatic();
  await probeBytes(owner);
  await probeWebhookReplays(owner);
  await probeRaces(owner);
  await probeTraversal(owner);
  await probePagination(owner);
  await probeSurface();
  await probeCrossTenant(owner, other);
  if (!process.argv.includes("--skip-procedures")) await probeProcedures(owner, other);
  const after = await send("healthz after", `${base}/healthz`);
  if (after.status !== 200) findings.push("the server stopped answering /healthz");
  process.stdout.write("\nresponse classes:\n");
  for (const [cls, n] of [...classes].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(6)}  ${cls}\n`);
  process.stdout.write(`\nbad values accepted (${accepted.length}, for review):\n${accepted.map((f) => `  ${f}`).join("\n")}\n`);
  process.stdout.write(`\nfindings (${findings.length}):\n${[...new Set(findings)].map((f) => `  ${f}`).join("\n")}\n`);
  process.stdout.write(`${JSON.stringify({ calls: [...classes.values()].reduce((a, b) => a + b, 0), classes: classes.size, findings: findings.length })}\n`);
  process.exit(findings.length ? 1 : 0);
}

await main();
