/**
 * The crash and bad-input probe, as a test: the real server over real HTTP, on a real PostgreSQL, with the fake Graph
 * API. Every tRPC procedure of the app router (read from the router: a new one is probed without a line here; its
 * valid sample in ../boundary/samples.ts) gets a seeded draw of bad inputs, and every HTTP route (webhooks, the OAuth
 * callback, media, health, the SPA, the error tunnel) gets hostile requests. Each answer must be below 500 and typed:
 * a tRPC error code (BAD_REQUEST with field errors, form errors or an app code), or the route's documented
 * `{ "error": code }`. What a refusal stores: nothing — every table of the public schema and the job queue keep their
 * rows (count and content) across every refused mutation and webhook, and across the inputs that fail midway
 * (a later item invalid, another tenant's row, a unique clash). boundary.test.ts keeps the exhaustive battery (every
 * variant, no database check); test/probe/run.ts the outside probe of a running server (raw sockets, races).
 * PROBE_SEED=<n> draws other variants (the default is fixed, so a failure reproduces).
 */
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCaller, sampleContext, samples, type SampleContext } from "../boundary/samples";
import { ok, TEST_SECRETS, type ApiSession } from "../harness";
import { createSeededWorld, loadCaseFiles } from "../isolation/context";
import { changedTables, snapshotTables, type TableSnapshot } from "./snapshot";
import { call, inBatches, procedurePaths, procedures, replaceAt, variantsOf, wholeInputVariants, type Answer, type Path, type ProcedureType, type Variant } from "./trpc-calls";

const SEED = Number(process.env.PROBE_SEED ?? 20261204);
/** Drawn per sample: variants of its values, of the whole input, and of this probe's own kinds. */
const DRAW = { values: 3, whole: 2, extra: 3 };
const MEGABYTE = "x".repeat(1_048_576);

const dist = mkdtempSync(path.join(os.tmpdir(), "sillage-probe-dist-"));
mkdirSync(path.join(dist, "assets"));
writeFileSync(path.join(dist, "index.html"), "<!doctype html><html><body><div id=root></div></body></html>");
writeFileSync(path.join(dist, "assets/index-abc123.js"), "console.log(1)");

let ctx: SampleContext;
beforeAll(async () => {
  ctx = await sampleContext(await createSeededWorld(await loadCaseFiles(), { webDistDir: dist }));
}, 120_000);
afterAll(() => ctx.server.close());

const snapshot = () => snapshotTables(ctx.server.db.db);

/** mulberry32 over a string's FNV-1a hash: the same draw for the same procedure, seed and sample. */
function randomFor(key: string): () => number {
  let h = 0x811c9dc5 ^ SEED;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draw<T>(items: T[], n: number, random: () => number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

/** Every leaf of a sample (string, number, boolean) with its place. */
function leavesOf(value: unknown, at: Path = []): [Path, unknown][] {
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...at, Array.isArray(value) ? Number(k) : k]));
  return value === undefined ? [] : [[at, value]];
}

const deep = (n: number): unknown => (n === 0 ? "x" : { a: deep(n - 1) });

/** The kinds the exhaustive battery does not send: 1 MB strings, NaN-like and out-of-range numbers, unknown and duplicated keys, truncated JSON, wrong content types. */
function probeVariants(sample: unknown, type: ProcedureType): Variant[] {
  const out: Variant[] = [];
  for (const [at, value] of leavesOf(sample)) {
    const label = at.join(".") || "(input)";
    const put = (what: string, v: unknown) => out.push({ label: `${label}: ${what}`, input: replaceAt(sample, at, v) });
    if (typeof value === "string") put("1 MB", MEGABYTE);
    if (typeof value === "number") for (const v of ["NaN", "Infinity", "-Infinity", "1e309", -1, -1e308, 2 ** 53 + 2]) put(`${String(v)}`, v);
    put("nested 1,000 deep", deep(1_000));
  }
  const json = JSON.stringify({ json: sample ?? null });
  out.push({ label: "truncated JSON", rawText: json.slice(0, Math.max(1, json.length - 3)) });
  if (sample && typeof sample === "object" && !Array.isArray(sample)) {
    const first = Object.keys(sample)[0] ?? "id";
    out.push({ label: "unknown key", input: { ...sample, notAField: "\u0000" } });
    // JSON.parse keeps the last of duplicated keys: the bad value is the one that counts.
    out.push({ label: `duplicated key ${first}`, rawJson: `${JSON.stringify(sample).slice(0, -1)}${Object.keys(sample).length ? "," : ""}${JSON.stringify(first)}:"\\u0000"}` });
  }
  if (type === "mutation") {
    out.push({ label: "text/plain body", input: sample ?? {}, headers: { "content-type": "text/plain" } });
    out.push({ label: "form body", rawText: "json=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
  }
  return out;
}

function variantsFor(path: string, index: number, sample: unknown): Variant[] {
  const random = randomFor(`${path}#${index}`);
  const values = variantsOf(sample).slice(wholeInputVariants.length);
  return [...draw(wholeInputVariants, DRAW.whole, random), ...draw(values, DRAW.values, random), ...draw(probeVariants(sample, procedures[path]!._def.type), DRAW.extra, random)];
}

/** What is wrong with an answer to a bad input, or null: a 5xx, a dropped connection, an error that is not typed. */
function problemOf(path: string, a: Answer): string | null {
  if (a.status >= 500) return "server error";
  if (a.status === 0) return procedures[path]!._def.inputs.length === 0 ? null : "connection dropped";
  if (a.status < 400) return null;
  // The HTTP layer's refusals, before tRPC: a body over the limit (JSON `payload_too_large`), a URL over Node's 16 KB.
  if (a.status === 413 || a.status === 431) return null;
  if (!a.code) return `untyped ${a.status}: ${a.message.slice(0, 120)}`;
  const d = a.data ?? {};
  if (a.code === "BAD_REQUEST" && !d.fieldErrors && !(d.formErrors as unknown[] | null)?.length && !d.appError) return "BAD_REQUEST without field errors or an app code";
  return null;
}

const refused = (a: Answer) => a.status >= 400 || a.status === 0 || (a.code !== null && a.code !== "ok");

/** Refusals that store something on purpose: a failed sign-in is counted in auth_attempts (login throttling is made of those rows). */
const STORED_ON_REFUSAL: Record<string, { code: string }> = {
  "auth.login": { code: "UNAUTHORIZED" },
};
/** Refused, and so bound to store nothing. */
function refusedClean(path: string, a: Answer): boolean {
  return refused(a) && a.code !== STORED_ON_REFUSAL[path]?.code;
}

describe("every procedure: bad input is a typed 4xx and stores nothing", () => {
  it("probes every procedure of the router (each has a sample)", () => {
    expect(procedurePaths.filter((p) => !samples[p])).toEqual([]);
  });

  it.each(procedurePaths)("%s", async (path) => {
    const failures: string[] = [];
    const isMutation = procedures[path]!._def.type === "mutation";
    for (const [index, sample] of samples[path]!(ctx).entries()) {
      const variants = variantsFor(path, index, sample.input);
      // Sessions made beforehand (a throwaway sign-up stores rows of its own).
      const callers: ApiSession[] = await inBatches(variants, 1, () => sampleCaller(ctx, sample.as));
      const send = (list: Variant[]) => inBatches(list, 4, async (v) => ({ v, a: await call(callers[variants.indexOf(v)]!, path, v) }));
      const before = isMutation ? await snapshot() : null;
      const answers = await send(variants);
      for (const { v, a } of answers) {
        const problem = problemOf(path, a);
        if (problem) failures.push(`${v.label} → ${a.status} ${a.code ?? ""}: ${problem}`);
      }
      if (!before) continue;
      // Refused mutations store nothing. When some bad value was taken (an emoji in a name is a name), the refused
      // ones are sent again between two snapshots of their own.
      const rejected = answers.filter(({ a }) => refusedClean(path, a)).map(({ v }) => v);
      let from: TableSnapshot = before;
      if (rejected.length < variants.length) {
        from = await snapshot();
        await send(rejected);
      }
      const changed = changedTables(from, await snapshot());
      if (changed.length) failures.push(`refused inputs (${rejected.map((v) => v.label).join("; ").slice(0, 300)}) changed ${changed.join(", ")}`);
    }
    expect(failures.join("\n")).toBe("");
  });

  it("leaves the process healthy: /healthz answers and B's session still works", async () => {
    expect((await fetch(`${ctx.server.url}/healthz`)).status).toBe(200);
    expect(ok<{ user: { id: string } }>(await ctx.b.query("auth.me")).user.id).toBe(ctx.bIds.userId);
  });
});

/** Inputs valid in shape that fail on what they name or meet: each refused, each leaving every table as it was. */
describe("an input that fails midway stores nothing", () => {
  const cases: [string, ProcedureType, () => Promise<unknown>][] = [
    ["labels.create: a name B already uses", "mutation", async () => ({ name: (await firstLabel()).name, colour: "#1f9d55" })],
    ["labels.update: another label's name", "mutation", async () => ({ id: ctx.bIds.labelId, name: (await secondLabel()).name, colour: "#1f9d55" })],
    ["labels.setOnConversation: A's label on B's conversation", "mutation", async () => ({ conversationId: ctx.bIds.conversationId, labelId: ctx.bIds.aLabelId, on: true })],
    ["savedReplies.create: a shortcut B already uses", "mutation", async () => ({ title: "Again", shortcut: (await firstSavedReply()).shortcut, body: "Bonjour" })],
    ["notes.add: the second mention is A's owner", "mutation", async () => ({ conversationId: ctx.bIds.conversationId, text: "Look", mentionedUserIds: [ctx.bIds.userId, ctx.bIds.aUserId] })],
    ["inbox.assign: A's owner", "mutation", async () => ({ conversationId: ctx.bIds.conversationId, userId: ctx.bIds.aUserId })],
    ["notifications.thresholds.set: the second channel is no channel of B", "mutation", async () => ({ defaultMinutes: 45, channels: [{ channelId: ctx.bIds.channelId, minutes: 12 }, { channelId: randomUUID(), minutes: 13 }] })],
    ["notifications.preferences.set: the second kind is unknown", "mutation", async () => ({ preferences: [{ kind: "publication_failed", inApp: false, email: true }, { kind: "no_such_kind", inApp: true, email: true }] })],
    ["posts.create: the second channel is no channel of B", "mutation", async () => ({ ...postInput(), channelIds: [ctx.bIds.postChannelId, randomUUID()] })],
    ["posts.create: the second media is no media of B", "mutation", async () => ({ ...postInput(), content: { ...postInput().content, mediaIds: [ctx.bIds.mediaId, randomUUID()] } })],
    ["posts.create: the last phone of the audience is no number", "mutation", async () => ({ ...postInput(), content: { ...postInput().content, whatsapp: { template: { name: "welcome", language: "en_US", bodyParams: ["Ana"] }, audience: { phones: ["33611111111", "33622222222", "not a phone"], optedInContacts: false } } } })],
    ["posts.update: B's post, its second channel no channel of B", "mutation", async () => ({ ...postInput(), id: ctx.bIds.postId, channelIds: [ctx.bIds.postChannelId, randomUUID()] })],
    ["inbox.reply: an image of A's workspace", "mutation", async () => ({ conversationId: ctx.bIds.conversationId, image: { key: `${ctx.a.workspaceId}/x.jpg` } })],
    ["workspace.webhooks.create: a private address", "mutation", async () => ({ url: "https://10.0.0.1/hook" })],
    ["channels.connectWhatsApp: a token the platform refuses", "mutation", async () => ({ phoneNumberId: ctx.waAccount.phoneNumberId, wabaId: ctx.waAccount.wabaId, accessToken: "EAAG-not-a-token" })],
    ["ai.rules.update: A's or no rule", "mutation", async () => ({ id: randomUUID(), type: "deny", name: "x", keywords: ["x"] })],
    // Outside a workspace's transaction: each opens its own.
    ["auth.signup: B's owner's address", "mutation", async () => ({ email: "b@example.com", name: "Again", password: "a long password 123", workspaceName: "Clash" })],
    ["auth.signup: an invitation nobody sent", "mutation", async () => ({ email: "invited@example.com", name: "Guest", password: "a long password 123", invitationToken: "inv_not-a-real-invitation-token" })],
    ["workspace.acceptInvitation: a token nobody issued", "mutation", async () => ({ token: "inv_not-a-real-invitation-token" })],
    ["auth.resetPassword: a token nobody issued", "mutation", async () => ({ token: "pwr_not-a-token-we-issued", password: "a long new password" })],
  ];
  const visitorCases = new Set(["auth.signup", "auth.resetPassword"]);

  it.each(cases)("%s", async (label, type, input) => {
    const path = label.split(":")[0]!;
    const payload = await input();
    const before = await snapshot();
    const a = await call(visitorCases.has(path) ? await sampleCaller(ctx, "visitor") : ctx.b, path, { label, input: payload });
    expect(problemOf(path, a), `${a.status} ${a.code}: ${a.message}`).toBeNull();
    expect(refused(a), `${label} was taken: ${a.message}`).toBe(true);
    expect(type).toBe(procedures[path]!._def.type);
    expect(changedTables(before, await snapshot())).toEqual([]);
  });
});

async function firstLabel() {
  return ok<{ id: string; name: string }[]>(await ctx.b.query("labels.list"))[0]!;
}
async function secondLabel() {
  const labels = ok<{ id: string; name: string }[]>(await ctx.b.query("labels.list"));
  const other = labels.find((l) => l.id !== ctx.bIds.labelId);
  return other ?? ok<{ id: string; name: string }>(await ctx.b.mutation("labels.create", { name: "Second of B", colour: "#aa0000" }));
}
async function firstSavedReply() {
  const list = ok<{ shortcut: string }[]>(await ctx.b.query("savedReplies.list"));
  return list[0] ?? ok<{ shortcut: string }>(await ctx.b.mutation("savedReplies.create", { title: "Livraison", shortcut: "livraison-b", body: "Bonjour" }));
}
function postInput() {
  return (samples["posts.create"]!(ctx)[0]!.input as Record<string, unknown> & { content: Record<string, unknown> });
}

/** One request to a route, the answer classed: below 500, and a machine path's refusal is its documented JSON. */
interface RouteCall {
  label: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Webhook bodies are signed with this secret (the route then reads them). */
  sign?: string;
}

const sign = (body: string, secret: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
const hugeJson = JSON.stringify({ object: "whatsapp_business_account", pad: "x".repeat(4 * 1024 * 1024) });
const deepJson = `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`;

function routeCalls(): RouteCall[] {
  const out: RouteCall[] = [];
  for (const platform of ["whatsapp", "instagram"]) {
    const p = `/webhooks/${platform}`;
    const secret = platform === "whatsapp" ? TEST_SECRETS.metaAppSecret : TEST_SECRETS.instagramAppSecret;
    const envelope = JSON.stringify({ object: platform === "whatsapp" ? "whatsapp_business_account" : "instagram", entry: [] });
    out.push(
      { label: "unsigned", method: "POST", path: p, headers: { "content-type": "application/json" }, body: envelope },
      { label: "forged signature", method: "POST", path: p, headers: { "content-type": "application/json", "x-hub-signature-256": sign(envelope, "not-the-secret") }, body: envelope },
      { label: "empty signature", method: "POST", path: p, headers: { "x-hub-signature-256": "sha256=" }, body: envelope },
      { label: "signed truncated JSON", method: "POST", path: p, headers: { "content-type": "application/json" }, body: envelope.slice(0, -2), sign: secret },
      { label: "signed NUL bytes", method: "POST", path: p, headers: { "content-type": "application/json" }, body: "\u0000\u0000", sign: secret },
      { label: "signed text/plain, not JSON", method: "POST", path: p, headers: { "content-type": "text/plain" }, body: "hello", sign: secret },
      { label: "signed lone surrogate escape, truncated", method: "POST", path: p, headers: { "content-type": "application/json" }, body: '{"object":"\\ud800', sign: secret },
      { label: "signed 4 MB", method: "POST", path: p, headers: { "content-type": "application/json" }, body: hugeJson, sign: secret },
      { label: "unsigned 50,000 deep", method: "POST", path: p, headers: { "content-type": "application/json" }, body: deepJson },
      { label: "unsigned form body", method: "POST", path: p, headers: { "content-type": "application/x-www-form-urlencoded" }, body: "object=x" },
      { label: "handshake, wrong token", method: "GET", path: `${p}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1` },
      { label: "handshake, no challenge", method: "GET", path: `${p}?hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}` },
      { label: "handshake, broken escape", method: "GET", path: `${p}?hub.mode=subscribe&hub.verify_token=%E0%A4%A&hub.challenge=1` },
      { label: "handshake, 10 KB challenge", method: "GET", path: `${p}?hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}&hub.challenge=${"9".repeat(10_000)}` },
    );
  }
  out.push(
    { label: "no code, no state", method: "GET", path: "/oauth/instagram/callback" },
    { label: "unknown state with NUL", method: "GET", path: "/oauth/instagram/callback?code=x&state=%00" },
    { label: "forged state", method: "GET", path: `/oauth/instagram/callback?code=x&state=${randomUUID()}` },
    { label: "refusal with CRLF", method: "GET", path: "/oauth/instagram/callback?error=x&error_description=%0d%0aLocation:%20https://evil.example" },
    { label: "broken escape", method: "GET", path: "/media/%ff%fe?expires=1&sig=x" },
    { label: "unsigned", method: "GET", path: "/media/some/key.jpg" },
    { label: "bad signature", method: "GET", path: `/media/${ctx.mediaKey}?expires=9999999999&sig=AAAA` },
    { label: "expires past any date", method: "GET", path: `/media/${ctx.mediaKey}?expires=1e308&sig=x` },
    { label: "traversal", method: "GET", path: "/media/..%2f..%2f.data%2fapp-secret?expires=1&sig=x" },
    { label: "health", method: "GET", path: "/healthz?x=%00" },
    { label: "ready", method: "GET", path: "/readyz" },
    { label: "metrics, wrong token", method: "GET", path: "/metrics", headers: { authorization: "Bearer wrong" } },
    { label: "tunnel garbage", method: "POST", path: "/sentry/tunnel", body: "\u0000garbage" },
    { label: "page", method: "GET", path: "/inbox", headers: { accept: "text/html" } },
    { label: "page asked as JSON", method: "GET", path: "/inbox", headers: { accept: "application/json" } },
    { label: "broken escape", method: "GET", path: "/%E0%A4%A", headers: { accept: "text/html" } },
    { label: "hidden file", method: "GET", path: "/.env" },
    { label: "missing asset", method: "GET", path: "/assets/nope.js" },
    { label: "asset traversal", method: "GET", path: "/assets/..%2f..%2fpackage.json" },
    { label: "unknown procedure", method: "GET", path: "/trpc/no.such.procedure" },
    { label: "prototype procedure", method: "GET", path: "/trpc/__proto__" },
    { label: "no procedure", method: "GET", path: "/trpc" },
    { label: `batch of 51 queries`, method: "GET", path: `/trpc/${Array.from({ length: 51 }, () => "auth.me").join(",")}?batch=1` },
    { label: "batch of garbage inputs", method: "GET", path: `/trpc/auth.me,labels.list?batch=1&input=${encodeURIComponent('{"0":{"json":null},"1":"garbage"}')}` },
    { label: "batch body not an object", method: "POST", path: "/trpc/labels.create,labels.create?batch=1", headers: { "content-type": "application/json" }, body: "[1,2]" },
    { label: "truncated body", method: "POST", path: "/trpc/labels.create", headers: { "content-type": "application/json" }, body: '{"json":{"name":"x"' },
    { label: "mutation by GET", method: "GET", path: "/trpc/labels.create" },
  );
  // Methods no route takes, on every route: 405 with Allow (OPTIONS: 204), never served.
  const paths = ["/webhooks/whatsapp", "/webhooks/instagram", "/oauth/instagram/callback", `/media/${ctx.mediaKey}`, "/healthz", "/readyz", "/metrics", "/sentry/tunnel", "/", "/inbox", "/assets/index-abc123.js", "/trpc/labels.create", "/trpc/auth.me"];
  for (const p of paths) for (const method of ["HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "PROPFIND"]) out.push({ label: method, method, path: p, body: ["HEAD", "OPTIONS"].includes(method) ? undefined : "{}" });
  return out;
}

describe("every HTTP route: hostile requests are typed 4xx and store nothing", () => {
  it("webhooks, OAuth callback, media, health, SPA, tunnel, tRPC transport", async () => {
    const calls = routeCalls();
    const before = await snapshot();
    const failures: string[] = [];
    const answers = await inBatches(calls, 4, async (r) => {
      const headers: Record<string, string> = { origin: ctx.server.url, cookie: ctx.b.cookie, "x-sillage-workspace": ctx.b.workspaceId!, ...r.headers };
      if (r.sign) headers["x-hub-signature-256"] = sign(r.body ?? "", r.sign);
      let status = 0;
      let type = "";
      let text = "";
      try {
        const res = await fetch(`${ctx.server.url}${r.path}`, { method: r.method, headers, body: r.body, redirect: "manual" });
        status = res.status;
        type = res.headers.get("content-type") ?? "";
        text = await res.text();
      } catch (err) {
        text = `connection: ${(err as Error).message}`;
      }
      return { r, status, type, text };
    });
    for (const { r, status, type, text } of answers) {
      const where = `${r.method} ${r.path.slice(0, 80)} (${r.label}) → ${status}`;
      if (status === 0 || status >= 500) failures.push(`${where}: ${text.slice(0, 160)}`);
      else if (r.method !== "HEAD" && status >= 400 && !/^\/assets\//.test(r.path)) {
        // The route's documented refusal: `{ "error": code }`, or a tRPC error with its code.
        let typed = false;
        try {
          const body = JSON.parse(text) as { error?: unknown } | { error?: { json?: { data?: { code?: string } } } }[];
          typed = [body].flat().every((b) => typeof b.error === "string" || typeof (b.error as { json?: { data?: { code?: string } } } | undefined)?.json?.data?.code === "string");
        } catch {
          typed = false;
        }
        if (!typed) failures.push(`${where}: not a typed error (${type}) ${text.slice(0, 120)}`);
      }
      if (r.label === "OPTIONS" && status !== 204) failures.push(`${where}: OPTIONS is 204 with Allow`);
      if (["PUT", "DELETE", "PATCH", "PROPFIND"].includes(r.label) && status !== 405) failures.push(`${where}: a method the route does not take`);
    }
    expect(failures.join("\n")).toBe("");
    // The OAuth callback may store nothing on a forged state, the webhooks nothing they refused.
    expect(changedTables(before, await snapshot())).toEqual([]);
    const health = await fetch(`${ctx.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(ok(await ctx.b.query("auth.me"))).toBeTruthy();
  });

  it("a signed webhook of any shape is stored as it came, with its processing job (store-first): the one write a webhook makes", async () => {
    const body = '{"object":"whatsapp_business_account","entry":[],"entry":[{"id":"1","changes":[{"field":"messages","value":{"a":{"a":null}}}]}]}';
    const before = await snapshot();
    const res = await fetch(`${ctx.server.url}/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": sign(body, TEST_SECRETS.metaAppSecret) }, body });
    expect(res.status).toBe(200);
    const changed = changedTables(before, await snapshot());
    expect(changed.map((t) => t.split(" ")[0])).toEqual(["webhook_deliveries", "graphile_worker.jobs"]);
  });
});
