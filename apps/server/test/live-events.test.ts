import { enqueue, startWorker, workspacePing } from "@sillage/jobs";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, ok, startTestServer, tokenClient, type TestServer } from "./harness";

let server: TestServer;
let runner: Runner;
beforeAll(async () => {
  server = await startTestServer();
  runner = await startWorker({ pool: server.db.pool, services: { db: server.db.db, clock: server.clock, connectors: server.connectors, secretBox: server.secretBox, media: server.media }, logger: server.logger, concurrency: 2, pollInterval: 200 });
});
afterAll(async () => {
  await runner.stop();
  await server.close();
});

describe("live workspace events", () => {
  it("an event raised inside a job reaches a subscriber over SSE, through LISTEN/NOTIFY", async () => {
    const owner = await Browser.signup(server.url, { email: "live@example.com" });
    const { client } = await tokenClient(server, owner);
    const seen: { id: string; type: string; payload: unknown }[] = [];
    const sub = client.workspace.events.subscribe(undefined, { onData: (e) => seen.push({ id: e.id, ...e.data }) });
    await new Promise((r) => setTimeout(r, 300));
    await enqueue(server.db.db, workspacePing, { workspaceId: owner.workspaceId!, message: "from a job" });
    await expect.poll(() => seen.map((e) => e.payload), { timeout: 10_000 }).toEqual([{ message: "from a job" }]);
    sub.unsubscribe();
  });

  it("resumes after the last event id without losing or repeating events", async () => {
    const owner = await Browser.signup(server.url, { email: "resume@example.com" });
    const { client } = await tokenClient(server, owner);
    ok(await owner.mutation("workspace.update", { name: "one" }));
    const first = await server.db.db.selectFrom("workspace_events").select("id").where("workspace_id", "=", owner.workspaceId!).orderBy("id", "desc").executeTakeFirstOrThrow();
    ok(await owner.mutation("workspace.update", { name: "two" }));
    ok(await owner.mutation("workspace.update", { name: "three" }));
    const seen: string[] = [];
    const sub = client.workspace.events.subscribe({ lastEventId: first.id }, { onData: (e) => seen.push(e.id) });
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(2);
    ok(await owner.mutation("workspace.update", { name: "four" }));
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(3);
    expect(new Set(seen).size).toBe(3);
    expect(seen.map(Number).every((id) => id > first.id)).toBe(true);
    sub.unsubscribe();
  });
});
