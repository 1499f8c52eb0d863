import { sql, withWorkspace } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knowledgeReembedJob, queueReembed } from "../src/jobs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const reembedJobs = async () =>
  (await sql<{ key: string; run_at: Date }>`select key, run_at from graphile_worker.jobs where task_identifier = ${knowledgeReembedJob.id} order by id`.execute(t.db)).rows;

describe("knowledge.reembed", () => {
  it("the router (in its workspace-scoped transaction) and the decision (as the owner) leave one job per workspace, at the first asker's time", async () => {
    const ws = await t.db.insertInto("workspaces").values({ name: "Re-embed", slug: "re-embed" }).returning("id").executeTakeFirstOrThrow();
    const other = await t.db.insertInto("workspaces").values({ name: "Other", slug: "re-embed-other" }).returning("id").executeTakeFirstOrThrow();
    // knowledge.search found stale chunks…
    await withWorkspace(t.db, ws.id, (trx) => queueReembed(trx, ws.id));
    const [first] = await reembedJobs();
    // …then a decision met them too, twice (a retried batch), and another workspace asked for its own.
    await queueReembed(t.db, ws.id);
    await queueReembed(t.db, ws.id);
    await queueReembed(t.db, other.id);
    const jobs = await reembedJobs();
    expect(jobs.map((j) => j.key)).toEqual([`knowledge.reembed:${ws.id}`, `knowledge.reembed:${other.id}`]);
    expect(jobs[0]!.run_at).toEqual(first!.run_at);
  });
});
