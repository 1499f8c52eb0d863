// Graph's cursor paging as the connectors follow it (graph/paging.ts), against a tiny local server that pages the way
// Meta's contract says (§4: `paging.cursors.after`, `next` only when another page exists). The fake Graph does not
// page a comment's expanded replies, so the replies Instagram shows past the expansion are proven here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConnectors } from "../src/registry";
import type { Channel } from "../src/types";
import { startLocalServer, type LocalServer } from "./local-server";

interface Item {
  id: string;
  text: string;
  timestamp: string;
}

const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00+0000`;
// Newest first, as Graph lists top-level comments; replies oldest first.
const comments: Item[] = [
  { id: "c3", text: "third", timestamp: at(3) },
  { id: "c2", text: "second", timestamp: at(2) },
  { id: "c1", text: "first", timestamp: at(1) },
];
const replies: Item[] = [1, 2, 3, 4, 5].map((n) => ({ id: `r${n}`, text: `reply ${n}`, timestamp: at(10 + n) }));
const PAGE = 2;

/** One page of `items` after the cursor (an item id), Graph-shaped: cursors always, `next` only when more exist. */
function page(items: Item[], after: string | null, url: URL) {
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  const data = items.slice(start, start + PAGE);
  const last = data[data.length - 1];
  const more = start + PAGE < items.length;
  const next = new URL(url);
  next.searchParams.set("after", last?.id ?? "");
  const cursors = withoutCursors ? {} : { cursors: { before: data[0]?.id, after: last?.id } };
  return { data, paging: { ...cursors, ...(more ? { next: next.toString() } : {}) } };
}

/** A server that names the next page by its `next` URL only (the cursor is in it). */
let withoutCursors = false;

let requests: string[] = [];
let server: LocalServer;
let base = "";

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    requests.push(`${url.pathname}${url.searchParams.get("after") ? `?after=${url.searchParams.get("after")}` : ""}`);
    let body: unknown = { error: { code: 100, message: `no route ${url.pathname}` } };
    if (url.pathname === "/v25.0/m1/comments") {
      const p = page(comments, url.searchParams.get("after"), url);
      // c3 has five replies: the expansion shows the first page of them, with its own paging.
      body = { ...p, data: p.data.map((c) => (c.id === "c3" ? { ...c, replies: page(replies, null, new URL("http://local/v25.0/c3/replies")) } : c)) };
    } else if (url.pathname === "/v25.0/c3/replies") {
      body = page(replies, url.searchParams.get("after"), url);
    }
    res.writeHead("error" in (body as object) ? 400 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  base = server.base;
});
afterAll(() => server.close());
beforeEach(() => {
  requests = [];
  withoutCursors = false;
});

const channel: Channel = { id: "ch-ig", platform: "instagram", externalId: "1784", accessToken: "tok", variant: "instagram" };
const make = (maxPages?: number) =>
  createConnectors({ graphUrl: base, instagramGraphUrl: base, instagramOauthUrl: base, graphVersion: "v25.0", timeoutMs: 2_000, ...(maxPages ? { maxPages } : {}) });

describe("Graph paging", () => {
  it("Instagram comments: a page with a comment's replies past its expansion, then the next page from Graph's cursor", async () => {
    const ig = make().instagram;
    const first = await ig.listCommentsPage(channel, "m1");
    expect(requests).toEqual(["/v25.0/m1/comments", "/v25.0/c3/replies?after=r2", "/v25.0/c3/replies?after=r4"]);
    expect(first.calls).toBe(3);
    expect(first.comments.map((c) => c.id)).toEqual(["c3", "c2"]);
    expect(first.comments[0]!.replies.map((r) => [r.id, r.parentId])).toEqual(["r1", "r2", "r3", "r4", "r5"].map((id) => [id, "c3"]));
    expect(first.after).toBe("c2");
    const last = await ig.listCommentsPage(channel, "m1", first.after);
    expect(requests.at(-1)).toBe("/v25.0/m1/comments?after=c2");
    expect(last.comments.map((c) => c.id)).toEqual(["c1"]);
    expect(last.after).toBeNull();
  });

  it("a page that names the next one by its `next` URL only is followed from that URL's cursor", async () => {
    withoutCursors = true;
    const ig = make().instagram;
    const first = await ig.listCommentsPage(channel, "m1");
    expect(requests).toEqual(["/v25.0/m1/comments", "/v25.0/c3/replies?after=r2", "/v25.0/c3/replies?after=r4"]);
    expect(first.comments[0]!.replies.map((r) => r.id)).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    expect(first.after).toBe("c2");
    const last = await ig.listCommentsPage(channel, "m1", first.after);
    expect(last.comments.map((c) => c.id)).toEqual(["c1"]);
    expect(last.after).toBeNull();
  });

  it("maxPages bounds a thread's reply pages: no page is read past it", async () => {
    const page = await make(1).instagram.listCommentsPage(channel, "m1");
    expect(requests).toEqual(["/v25.0/m1/comments", "/v25.0/c3/replies?after=r2"]);
    expect(page.calls).toBe(2);
    expect(page.comments[0]!.replies.map((r) => r.id)).toEqual(["r1", "r2", "r3", "r4"]);
  });
});
