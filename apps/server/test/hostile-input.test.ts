/**
 * What the outside probe (test/probe/run.ts) found answered with an error 500, each kept here over real HTTP:
 * cursors and dates holding instants JavaScript parses but PostgreSQL cannot store, a ledger cursor past bigint, broken
 * percent escapes in a media path and in a data: URL, a JSON body that is not UTF-8 (two sign-ups with one address at once:
 * packages/accounts/test/signup-race.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer, type TrpcResult } from "./harness";

let server: TestServer;
let owner: ApiSession;
beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "hostile@example.com", workspaceName: "Hostile" });
});
afterAll(() => server.close());

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const id = "3f2a6c1e-8d4b-4c1a-9e2f-5b6d7c8e9f00";
/** Expanded years: valid for Date, refused by PostgreSQL (before 4713 BC, or a year it cannot read as text). */
const TOO_EARLY = "-200000-01-01T00:00:00.000Z";
const TOO_LATE = "+275760-09-13T00:00:00.000Z";

const outcome = (r: TrpcResult) => (r.ok ? "ok" : `${r.status} ${r.code}`);

describe("cursors with an instant PostgreSQL cannot store are refused or ignored, never a 500", () => {
  it.each([
    ["inbox.conversations", (at: string) => ({ limit: 5, cursor: b64(`${at}|${id}`) })],
    ["posts.list", (at: string) => ({ cursor: b64(`${at}|${id}`) })],
    ["ai.decisions", (at: string) => ({ limit: 5, cursor: `${at}|${id}` })],
    ["comments.posts", (at: string) => ({ limit: 5, cursor: b64(JSON.stringify([at, id])) })],
  ] as const)("%s", async (path, input) => {
    for (const at of [TOO_EARLY, TOO_LATE]) {
      const r = await owner.query(path, input(at));
      expect(r.status, `${path} ${at}: ${outcome(r)} ${r.ok ? "" : r.message}`).toBeLessThan(500);
      // A cursor the API made is an instant it stored: an impossible one is refused (bad_cursor) or reads page one.
      if (!r.ok) expect(r.data.appError).toEqual({ code: "bad_cursor", params: {} });
    }
  });

  it("billing.credits: a ledger cursor past bigint's largest value is a field error", async () => {
    const r = await owner.query("billing.credits", { limit: 5, cursor: "9999999999999999999" });
    expect(outcome(r)).toBe("400 BAD_REQUEST");
    expect(r.ok ? null : Object.keys(r.data.fieldErrors as object)).toEqual(["cursor"]);
    expect((await owner.query("billing.credits", { limit: 5, cursor: "9223372036854775807" })).ok).toBe(true);
  });
});

describe("dates PostgreSQL cannot store are field errors (date_invalid)", () => {
  it.each([
    ["analytics.kpis", { from: TOO_EARLY, to: "2030-01-01T00:00:00Z" }, "from"],
    ["posts.list", { from: TOO_EARLY }, "from"],
    ["posts.calendar", { from: "2030-01-01T00:00:00Z", to: TOO_LATE }, "to"],
    ["posts.calendar", { from: TOO_EARLY, to: "2030-01-01T00:00:00Z" }, "from"],
  ] as const)("%s", async (path, input, field) => {
    const r = await owner.query(path, input);
    expect(outcome(r)).toBe("400 BAD_REQUEST");
    expect(r.ok ? [] : (r.data.fieldIssues as Record<string, { code: string }[]>)[field]?.map((i) => i.code)).toContain("date_invalid");
  });

  it("inbox.snooze", async () => {
    const r = await owner.mutation("inbox.snooze", { conversationId: id, until: TOO_LATE });
    expect(outcome(r)).toBe("400 BAD_REQUEST");
  });
});

describe("broken percent escapes", () => {
  it("/media/%ff%fe is not found (decodeURIComponent threw: 500)", async () => {
    const res = await fetch(`${server.url}/media/%ff%fe?expires=1&sig=x`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not_found" });
  });

  it("media.upload of a percent-encoded data: URL with a broken escape is upload_not_base64", async () => {
    const r = await owner.mutation("media.upload", { data: "data:image/png,%E0%A4%A", filename: "x.png" });
    expect(outcome(r)).toBe("400 BAD_REQUEST");
    expect(r.ok ? null : r.data.appError).toEqual({ code: "upload_not_base64", params: {} });
  });
});

describe("a JSON body that is not UTF-8", () => {
  // Request.json() replaced the bytes with U+FFFD: a Latin-1 "Café" was stored as "Caf�" and answered 200.
  it("is refused as malformed_request and stores nothing; UTF-8 with a byte order mark is still read", async () => {
    const post = (body: Buffer) =>
      fetch(`${server.url}/trpc/labels.create`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url, cookie: owner.cookie, "x-sillage-workspace": owner.workspaceId! },
        body,
      });
    const res = await post(Buffer.concat([Buffer.from('{"json":{"name":"Caf'), Buffer.from([0xe9]), Buffer.from('","colour":"#1f9d55"}}')]));
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { json: { message: string; data: { appError: { code: string } } } } };
    expect(answer.error.json.data.appError.code).toBe("malformed_request");
    expect(answer.error.json.message).toContain("not valid UTF-8");
    expect(ok<unknown[]>(await owner.query("labels.list"))).toEqual([]);
    expect((await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"json":{"name":"Café","colour":"#1f9d55"}}')]))).status).toBe(200);
  });
});
