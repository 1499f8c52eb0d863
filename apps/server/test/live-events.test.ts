import { enqueue } from "@sillage/queue";
import type { Runner } from "@sillage/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STREAM_READY } from "@sillage/api";
import { startJobWorker } from "../src/jobs";
import { workspacePingJob } from "../src/system-jobs";
import { ApiSession, ok, startTestServer, tokenClient, type TestServer } from "./harness";

let server: TestServer;
let runner: Runner;
beforeAll(async () => {
  server = await startTestServer();
  runner = await startJobWorker({ pool: server.db.pool, services: { db: server.db.db, clock: server.clock, connectors: server.connectors, secretBox: server.secretBox, media: server.media, ai: server.ai }, logger: server.logger, concurrency: 2, pollInterval: 200 });
});
afterAll(async () => {
  await runner.stop();
  await server.close();
});

describe("live workspace events", () => {
  it("an event raised inside a job reaches a subscriber over SSE, through LISTEN/NOTIFY", async () => {
    const owner = await ApiSession.signup(server.url, { email: "live@example.com" });
    const { client } = await tokenClient(server, owner);
    const seen: { id: string; type: string; payload: unknown }[] = [];
    const sub = client.workspace.events.subscribe(undefined, { onData: (e) => seen.push({ id: e.id, ...e.data }) });
    await expect.poll(() => seen.map((e) => e.type), { timeout: 10_000 }).toEqual([STREAM_READY]);
    await enqueue(server.db.db, workspacePingJob, { workspaceId: owner.workspaceId!, message: "from a job" });
    await expect.poll(() => seen.map((e) => e.payload), { timeout: 10_000 }).toEqual([{}, { message: "from a job" }]);
    sub.unsubscribe();
  });

  it("opens with a ready mark at the newest event id: an event committed right after it arrives, none before it does", async () => {
    const owner = await ApiSession.signup(server.url, { email: "ready@example.com" });
    const { client } = await tokenClient(server, owner);
    ok(await owner.mutation("workspace.update", { name: "before the stream" }));
    const newest = await server.db.db.selectFrom("workspace_events").select("id").where("workspace_id", "=", owner.workspaceId!).orderBy("id", "desc").executeTakeFirstOrThrow();
    const seen: { id: string; type: string }[] = [];
    const sub = client.workspace.events.subscribe(undefined, { onData: (e) => seen.push({ id: e.id, type: e.data.type }) });
    // What a page refetches once the mark arrives holds everything up to it; the stream brings what follows, with no
    // pause needed between the two (the SPA refetched on the connection's opening, which could come first).
    await expect.poll(() => seen, { timeout: 10_000 }).toEqual([{ id: String(newest.id), type: STREAM_READY }]);
    ok(await owner.mutation("workspace.update", { name: "right after" }));
    await expect.poll(() => seen.map((e) => e.type), { timeout: 5000 }).toEqual([STREAM_READY, "workspace.updated"]);
    expect(Number(seen[1]!.id)).toBeGreaterThan(newest.id);
    sub.unsubscribe();
  });

  it("resumes after the last event id without losing or repeating events", async () => {
    const owner = await ApiSession.signup(server.url, { email: "resume@example.com" });
    const { client } = await tokenClient(server, owner);
    ok(await owner.mutation("workspace.update", { name: "one" }));
    const first = await server.db.db.selectFrom("workspace_events").select("id").where("workspace_id", "=", owner.workspaceId!).orderBy("id", "desc").executeTakeFirstOrThrow();
    ok(await owner.mutation("workspace.update", { name: "two" }));
    ok(await owner.mutation("workspace.update", { name: "three" }));
    const seen: string[] = [];
    const sub = client.workspace.events.subscribe({ lastEventId: first.id }, { onData: (e) => e.data.type !== STREAM_READY && seen.push(e.id) });
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(2);
    ok(await owner.mutation("workspace.update", { name: "four" }));
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(3);
    expect(new Set(seen).size).toBe(3);
    expect(seen.map(Number).every((id) => id > first.id)).toBe(true);
    sub.unsubscribe();
  });

  it("ends an open stream once its token is revoked", async () => {
    const owner = await ApiSession.signup(server.url, { email: "revoked-live@example.com" });
    const { client } = await tokenClient(server, owner);
    const seen: string[] = [];
    let ended = false;
    let ready = false;
    const sub = client.workspace.events.subscribe(undefined, { onData: (e) => (e.data.type === STREAM_READY ? (ready = true) : seen.push(e.id)), onComplete: () => (ended = true), onError: () => (ended = true) });
    await expect.poll(() => ready, { timeout: 5000 }).toBe(true);
    ok(await owner.mutation("workspace.update", { name: "still allowed" }));
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1);
    const token = await server.db.db.selectFrom("api_tokens").select("id").where("workspace_id", "=", owner.workspaceId!).executeTakeFirstOrThrow();
    ok(await owner.mutation("apiTokens.revoke", { id: token.id }));
    await expect.poll(() => ended, { timeout: 5000 }).toBe(true);
    ok(await owner.mutation("workspace.update", { name: "after revocation" }));
    await new Promise((r) => setTimeout(r, 1000));
    expect(seen).toHaveLength(1);
    sub.unsubscribe();
  });

  it("ends a session's open stream at logout and a removed member's at removal", async () => {
    const owner = await ApiSession.signup(server.url, { email: "live-owner@example.com" });
    const inv = ok<{ token: string }>(await owner.mutation("workspace.invite", { role: "agent" }));
    const agent = new ApiSession(server.url);
    ok(await agent.mutation("auth.signup", { email: "live-agent@example.com", name: "Agent", password: "agent password 1", invitationToken: inv.token }));
    const open = async (who: ApiSession) => {
      const res = await fetch(`${server.url}/trpc/workspace.events?workspace=${owner.workspaceId}`, { headers: { cookie: who.cookie, accept: "text/event-stream" } });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      // Resolves when the server ends the stream.
      const done = (async () => {
        for (;;) if ((await reader.read()).done) return true;
      })();
      return { done, cancel: () => reader.cancel() };
    };
    const timeout = (ms: number) => new Promise<false>((r) => setTimeout(() => r(false), ms));

    const ownerStream = await open(owner);
    const agentStream = await open(agent);
    expect(await Promise.race([agentStream.done, timeout(700)])).toBe(false);
    const agentId = (await server.db.db.selectFrom("users").select("id").where("email", "=", "live-agent@example.com").executeTakeFirstOrThrow()).id;
    ok(await owner.mutation("workspace.removeMember", { userId: agentId }));
    expect(await Promise.race([agentStream.done, timeout(5000)])).toBe(true);
    expect(await Promise.race([ownerStream.done, timeout(500)])).toBe(false);
    ok(await owner.mutation("auth.logout"));
    expect(await Promise.race([ownerStream.done, timeout(5000)])).toBe(true);
  });
});
