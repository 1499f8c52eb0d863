/**
 * "Never twice, never lost" with real process deaths: the worker runs as its own process (main.ts,
 * SILLAGE_ROLE=worker) and is SIGKILLed at a precise point of an Instagram publication; a second worker takes the
 * job over (dead workers' jobs are released by the liveness sweep) and resumes from the saved step.
 */
import type { ChildProcess } from "node:child_process";
import { sql } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";
import { connectInstagram, publicationsOf, runsOf, uploadJpeg } from "./publishing/helpers";
import { kill, startWorkerProcess } from "./worker-process";

let server: TestServer;
let owner: ApiSession;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "crash@example.com", workspaceName: "Crash" });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await server.close();
});

const startWorker = () => startWorkerProcess(server, children);

const progressStep = async (postId: string) => ((await publicationsOf(server, postId))[0]?.progress as { step?: string } | undefined)?.step;

describe("a worker killed mid-publication", () => {
  it("between container creation and publish: the next worker reuses the saved container; one publication", async () => {
    const ig = await connectInstagram(server, owner);
    const mediaId = await uploadJpeg(owner);
    // The first status check hangs: the worker is inside the job, the container saved, when it dies.
    server.fake.control.injectFault({ kind: "slow", delayMs: 4000, match: { operation: "instagram.container_status" } });
    const first = await startWorker();
    await first.up;
    const { id } = ok<{ id: string }>(
      await owner.mutation("posts.create", { channelIds: [ig.channelId], timeZone: "Europe/Paris", publishAt: new Date().toISOString(), content: { text: "crash after container", mediaIds: [mediaId] } }),
    );
    await expect.poll(() => progressStep(id), { timeout: 20_000, interval: 50 }).toBe("container_created");
    await kill(first.child);
    const containerId = ((await publicationsOf(server, id))[0]!.progress as { containerId: string }).containerId;
    expect((await publicationsOf(server, id))[0]!.status).toBe("publishing");

    const second = await startWorker();
    await second.up;
    await expect.poll(async () => (await publicationsOf(server, id))[0]!.status, { timeout: 30_000, interval: 100 }).toBe("published");
    const published = server.fake.control.published({ igUserId: ig.igUserId });
    expect(published).toHaveLength(1);
    expect(published[0]!.containerId).toBe(containerId);
    expect(server.fake.control.containers().filter((c) => c.igUserId === ig.igUserId)).toHaveLength(1);
    const [pub] = await publicationsOf(server, id);
    expect(pub!.platform_post_id).toBe(published[0]!.mediaId);
    // The interrupted attempt was resumed, not counted twice.
    expect(pub!.attempts).toBe(1);
    expect((await runsOf(server, pub!.id)).map((r) => r.status)).toEqual(["success"]);
    await kill(second.child);
  }, 90_000);

  it("a carousel between its items and its CAROUSEL container: the next worker checks the saved items; one publication", async () => {
    const ig = await connectInstagram(server, owner);
    const mediaIds = [await uploadJpeg(owner), await uploadJpeg(owner)];
    // The first item check hangs: the worker is inside the job, the items saved, when it dies.
    const fault = server.fake.control.injectFault({ kind: "slow", delayMs: 4000, match: { operation: "instagram.container_status" } });
    const first = await startWorker();
    await first.up;
    const { id } = ok<{ id: string }>(
      await owner.mutation("posts.create", {
        channelIds: [ig.channelId],
        timeZone: "Europe/Paris",
        publishAt: new Date().toISOString(),
        content: { text: "crash between items and carousel", mediaIds, instagram: { format: "carousel" } },
      }),
    );
    await expect.poll(() => progressStep(id), { timeout: 20_000, interval: 50 }).toBe("items_created");
    await expect.poll(() => server.fake.control.faults().find((f) => f.id === fault.id)?.applied, { timeout: 10_000, interval: 20 }).toBe(1);
    await kill(first.child);
    const childIds = ((await publicationsOf(server, id))[0]!.progress as { childIds: string[] }).childIds;
    expect(childIds).toHaveLength(2);

    const second = await startWorker();
    await second.up;
    await expect.poll(async () => (await publicationsOf(server, id))[0]!.status, { timeout: 30_000, interval: 100 }).toBe("published");
    const published = server.fake.control.published({ igUserId: ig.igUserId });
    expect(published).toHaveLength(1);
    expect(published[0]!.mediaType).toBe("CAROUSEL_ALBUM");
    // The saved items were reused: no second set of items, one CAROUSEL container over them.
    const containers = server.fake.control.containers().filter((c) => c.igUserId === ig.igUserId);
    expect(containers.filter((c) => c.isCarouselItem).map((c) => c.id)).toEqual(childIds);
    expect(containers.filter((c) => c.mediaType === "CAROUSEL").map((c) => c.children)).toEqual([childIds]);
    await kill(second.child);
  }, 90_000);

  it("between the publish call and the database write: the next worker finds it published; one publication", async () => {
    const ig = await connectInstagram(server, owner);
    const mediaId = await uploadJpeg(owner);
    // media_publish answers slowly: the worker dies while Meta publishes, before it can record anything.
    const fault = server.fake.control.injectFault({ kind: "slow", delayMs: 1500, match: { operation: "instagram.media_publish" } });
    const first = await startWorker();
    await first.up;
    const { id } = ok<{ id: string }>(
      await owner.mutation("posts.create", { channelIds: [ig.channelId], timeZone: "Europe/Paris", publishAt: new Date().toISOString(), content: { text: "crash after publish", mediaIds: [mediaId] } }),
    );
    // The slow fault is taken when the media_publish request arrives: the worker is waiting for its answer.
    await expect.poll(() => server.fake.control.faults().find((f) => f.id === fault.id)?.applied, { timeout: 30_000, interval: 20 }).toBe(1);
    await kill(first.child);
    await expect.poll(() => server.fake.control.published({ igUserId: ig.igUserId }).length, { timeout: 10_000 }).toBe(1);
    const [before] = await publicationsOf(server, id);
    expect(before).toMatchObject({ status: "publishing", platform_post_id: null });

    const second = await startWorker();
    await second.up;
    await expect.poll(async () => (await publicationsOf(server, id))[0]!.status, { timeout: 30_000, interval: 100 }).toBe("published");
    const published = server.fake.control.published({ igUserId: ig.igUserId });
    expect(published).toHaveLength(1);
    const [pub] = await publicationsOf(server, id);
    expect(pub!.platform_post_id).toBe(published[0]!.mediaId);
    expect(server.fake.control.calls().filter((c) => c.operation === "instagram.media_publish" && c.accountId === ig.igUserId)).toHaveLength(1);
    await kill(second.child);
  }, 90_000);

  it("a living worker keeps a job that outlasts the dead-after window: no takeover, one publication", async () => {
    const ig = await connectInstagram(server, owner);
    const mediaId = await uploadJpeg(owner);
    // The container check takes longer than WORKER_DEAD_AFTER_MS while the worker, alive, waits for it.
    server.fake.control.injectFault({ kind: "slow", delayMs: 4000, match: { operation: "instagram.container_status" } });
    // The tests before killed workers that may still hold a job (a minute cron's tick): release those first, so a
    // sweep logged below can only be about this test's workers.
    await sql`select graphile_worker.force_unlock_workers(array(select distinct locked_by from graphile_worker._private_jobs where locked_by is not null))`.execute(server.db.db);
    const a = await startWorker();
    const b = await startWorker();
    await Promise.all([a.up, b.up]);
    const { id } = ok<{ id: string }>(
      await owner.mutation("posts.create", { channelIds: [ig.channelId], timeZone: "Europe/Paris", publishAt: new Date().toISOString(), content: { text: "long but alive", mediaIds: [mediaId] } }),
    );
    await expect.poll(async () => (await publicationsOf(server, id))[0]!.status, { timeout: 30_000, interval: 100 }).toBe("published");
    const [pub] = await publicationsOf(server, id);
    expect(pub!.attempts).toBe(1);
    expect((await runsOf(server, pub!.id)).map((r) => r.status)).toEqual(["success"]);
    expect(server.fake.control.published({ igUserId: ig.igUserId })).toHaveLength(1);
    expect(server.fake.control.calls().filter((c) => c.operation === "instagram.media_publish" && c.accountId === ig.igUserId)).toHaveLength(1);
    for (const w of [a, b]) expect(w.output()).not.toContain("released jobs locked by dead workers");
    await Promise.all([kill(a.child), kill(b.child)]);
  }, 90_000);
});
