/**
 * One language per screen (issue 16): the refusals a person meets most, over HTTP, each arrive as a registry code with
 * its parameters (`data.appError`, `data.fieldIssues`) that the SPA words in the reader's language — never as an
 * English sentence alone. A refusal added without a code fails here or in architecture/coded-errors.test.ts.
 */
import { API_ERRORS, FIELD_ISSUES } from "@sillage/api/error-codes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer, type TrpcResult } from "./harness";
import { connectWhatsApp } from "./publishing/helpers";

let server: TestServer;
let owner: ApiSession;
let channelId: string;
let conversationId: string;
beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "coded@example.com", workspaceName: "Coded" });
  channelId = (await connectWhatsApp(server, owner)).channelId;
  const { db } = server.db;
  const contact = await db
    .insertInto("contacts")
    .values({ workspace_id: owner.workspaceId!, channel_id: channelId, platform: "whatsapp", platform_user_id: "33622222222", display_name: "Léa" })
    .returning("id")
    .executeTakeFirstOrThrow();
  // The customer wrote two days ago: WhatsApp's 24 h window is closed.
  conversationId = (
    await db
      .insertInto("conversations")
      .values({ workspace_id: owner.workspaceId!, channel_id: channelId, contact_id: contact.id, platform: "whatsapp", last_inbound_at: new Date(Date.now() - 2 * 86_400_000) })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => server.close());

type Coded = { code: string; params: Record<string, string | number> };

/** The refusal's `data.appError`, checked against the registry. */
function appError(res: TrpcResult): Coded {
  if (res.ok) throw new Error("expected a refusal");
  const coded = res.data.appError as Coded | null;
  expect(coded, `${res.code}: ${res.message} has no code`).not.toBeNull();
  expect(Object.keys(API_ERRORS)).toContain(coded!.code);
  return coded!;
}

/** Every field issue of the refusal coded (no null: a null is an English sentence shown as is), by path. */
function fieldIssues(res: TrpcResult): Record<string, Coded[]> {
  if (res.ok) throw new Error("expected a refusal");
  const issues = res.data.fieldIssues as Record<string, (Coded | null)[]>;
  const uncoded = Object.entries(res.data.fieldErrors as Record<string, string[]>).flatMap(([path, messages]) => messages.filter((_, i) => !issues[path]?.[i]).map((m) => `${path}: ${m}`));
  expect(uncoded).toEqual([]);
  for (const list of Object.values(issues)) for (const issue of list) expect(Object.keys(FIELD_ISSUES)).toContain(issue!.code);
  return issues as Record<string, Coded[]>;
}

const codes = (issues: Record<string, Coded[]>) => Object.fromEntries(Object.entries(issues).map(([path, list]) => [path, list.map((i) => i.code)]));

describe("refusals travel as codes with parameters", () => {
  it("login: wrong password, then the throttle with its wait", async () => {
    const login = () => new ApiSession(server.url).mutation("auth.login", { email: "coded@example.com", password: "not the password" }, { "x-forwarded-for": "203.0.113.90" });
    expect(appError(await login())).toEqual({ code: "bad_credentials", params: {} });
    let res = await login();
    for (let i = 0; i < 10 && res.ok === false && res.code !== "TOO_MANY_REQUESTS"; i++) res = await login();
    const throttled = appError(res);
    expect(throttled.code).toBe("too_many_attempts");
    expect(throttled.params.seconds).toBeGreaterThan(0);
  });

  it("zod refinements of the AI rules, the knowledge base and saved replies", async () => {
    const rule = fieldIssues(await owner.mutation("ai.rules.create", { type: "escalate", name: "Rude", keywords: ["!!!"], patterns: ["(unclosed"] }));
    expect(codes(rule)).toMatchObject({ keywords: ["rule_keyword"], patterns: ["rule_pattern_unbalanced"] });
    expect(rule.patterns![0]!.params).toMatchObject({ index: 1, pattern: "(unclosed" });
    // A slip without a code of its own carries RE2's words for the reader's sentence.
    const odd = fieldIssues(await owner.mutation("ai.rules.create", { type: "escalate", name: "Odd", patterns: ["(?P<x"] }));
    expect(codes(odd)).toMatchObject({ patterns: ["rule_pattern"] });
    expect(odd.patterns![0]!.params.detail).toEqual(expect.any(String));
    expect(rule.keywords![0]!.params).toEqual({ keyword: "!!!" });
    expect(codes(fieldIssues(await owner.mutation("ai.rules.create", { type: "deny", name: "Empty" })))).toEqual({ keywords: ["rule_needs_matcher"] });
    expect(codes(fieldIssues(await owner.mutation("knowledge.add", {})))).toEqual({ text: ["knowledge_text_or_file"], title: ["knowledge_title"] });
    const reply = fieldIssues(await owner.mutation("savedReplies.create", { title: "Hi", shortcut: "Bad shortcut!", body: "Bonjour {{surnom}}" }));
    expect(codes(reply)).toEqual({ shortcut: ["shortcut_format"], body: ["saved_reply_variable"] });
    expect(reply.body![0]!.params.names).toBe("{{surnom}}");
  });

  it("a label's name taken, a WhatsApp template checked against the number's, a reply outside the window", async () => {
    ok(await owner.mutation("labels.create", { name: "VIP", colour: "#1f9d55" }));
    expect(appError(await owner.mutation("labels.create", { name: "VIP", colour: "#1f9d55" })).code).toBe("label_taken");
    expect(codes(fieldIssues(await owner.mutation("labels.create", { name: "Blue", colour: "blue" })))).toEqual({ colour: ["colour_format"] });

    const post = (template: Record<string, unknown>) => ({
      channelIds: [channelId],
      timeZone: "Europe/Paris",
      publishAt: new Date(Date.now() + 86_400_000).toISOString(),
      content: { whatsapp: { template, audience: { phones: ["+33611111111"] } } },
    });
    const unknown = fieldIssues(await owner.mutation("posts.create", post({ name: "nope", language: "en_US", bodyParams: [] })));
    expect(codes(unknown)).toEqual({ "content.whatsapp.template.name": ["post_template_unknown_listed"] });
    expect(unknown["content.whatsapp.template.name"]![0]!.params).toMatchObject({ name: "nope", approved: "“promo”" });
    const count = fieldIssues(await owner.mutation("posts.create", post({ name: "promo", language: "en_US", bodyParams: [] })));
    expect(count["content.whatsapp.template.bodyParams"]).toEqual([{ code: "post_template_param_count", params: { name: "promo", language: "en_US", expected: 1, given: 0 } }]);

    const late = await owner.mutation("inbox.reply", { conversationId, text: "Bonjour" });
    expect(late).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
    expect(appError(late)).toEqual({ code: "inbox.whatsapp_window_closed", params: {} });
  });

  it("not found, period checks and the time zone say it with codes too", async () => {
    expect(appError(await owner.query("comments.thread", { commentId: "00000000-0000-4000-8000-000000000000" })).code).toBe("comment_not_found");
    const from = new Date().toISOString();
    expect(codes(fieldIssues(await owner.query("analytics.kpis", { from, to: from })))).toEqual({ to: ["period_order"] });
    const tz = fieldIssues(await owner.mutation("posts.create", { channelIds: [channelId], timeZone: "Mars/Olympus", publishAt: new Date(Date.now() + 86_400_000).toISOString(), content: { text: "x" } }));
    expect(codes(tz)).toMatchObject({ timeZone: ["time_zone_unknown"] });
  });
});
