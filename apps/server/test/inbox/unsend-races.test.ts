/**
 * A customer unsends part of a burst after its decision, or unsends while the burst is being decided again: signed
 * webhooks from the fake Graph API over HTTP into real PostgreSQL, the product's jobs on a real runner. Interleavings
 * that timing alone would rarely produce are forced with test triggers that stop a transaction at a chosen statement
 * until the test releases an advisory lock it holds on its own connection.
 */
import { createPool, sql } from "@sillage/db";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { burstChanges, poll } from "./burst-changes";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
let c: ReturnType<typeof burstChanges>;
let gatePool: pg.Pool;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  c = burstChanges(w);
  gatePool = createPool(w.server.db.url, { max: 1 });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.rules.create", { type: "escalate", name: "Remboursements", keywords: ["remboursement"] }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
  await sql`create table if not exists test_job_errors (task text, error text)`.execute(db());
  // Every failed attempt of a job, kept: graphile-worker deletes the job (and its last_error) once a retry succeeds.
  await sql`create or replace function test_keep_job_error() returns trigger language plpgsql as $$
    begin
      insert into test_job_errors select t.identifier, new.last_error from graphile_worker._private_tasks t where t.id = new.task_id;
      return new;
    end $$`.execute(db());
  await sql`drop trigger if exists test_keep_job_error on graphile_worker._private_jobs`.execute(db());
  await sql`create trigger test_keep_job_error after update of last_error on graphile_worker._private_jobs for each row
    when (new.last_error is not null and new.last_error is distinct from old.last_error) execute function test_keep_job_error()`.execute(db());
});
afterAll(async () => {
  await gatePool?.end();
  await w.close();
});

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const db = () => w.server.db.db;
const GATE = 7_340_001;

const jobErrors = async () => (await sql<{ task: string; error: string }>`select task, error from test_job_errors`.execute(db())).rows;

/** One burst of `texts` (within the quiet window), decided AUTO_REPLY, its reply queued (sends held). */
async function burstWithQueuedReply(phone: string, texts: string[]) {
  const mids = texts.map((t) => c.say(phone, t));
  const conv = await c.conversationOf(mids[0]!);
  await poll(async () => (await c.repliesOf(conv)).map((r) => r.status)).toEqual(["queued"]);
  const decisions = await c.decisionsOf(conv);
  expect(decisions).toEqual([expect.objectContaining({ triage: "AUTO_REPLY", outcome: "pending" })]);
  const batch = await db().selectFrom("messages").select("batch_id").where("platform_message_id", "=", mids[0]!).executeTakeFirstOrThrow();
  return { mids, conv, first: decisions[0]!, batchId: batch.batch_id! };
}

/**
 * Holds the gate on the test's own connection; `stopAt` installs a trigger that makes a transaction wait for it at a
 * statement. `release` lets them all go on and removes the trigger.
 */
async function gate(stopAt: { table: string; timing: string; when: string }) {
  const holder = await gatePool.connect();
  await holder.query("select pg_advisory_lock($1)", [GATE]);
  await sql`create or replace function test_wait_gate() returns trigger language plpgsql as $$
    begin perform pg_advisory_xact_lock_shared(${sql.lit(GATE)}); return new; end $$`.execute(db());
  await sql`drop trigger if exists test_wait_gate on ${sql.raw(stopAt.table)}`.execute(db());
  await sql`create trigger test_wait_gate ${sql.raw(stopAt.timing)} on ${sql.raw(stopAt.table)} for each row when (${sql.raw(stopAt.when)}) execute function test_wait_gate()`.execute(db());
  return {
    async release() {
      // The gate first: dropping the trigger waits for every transaction stopped at it.
      await holder.query("select pg_advisory_unlock($1)", [GATE]);
      holder.release();
      await sql`drop trigger if exists test_wait_gate on ${sql.raw(stopAt.table)}`.execute(db());
    },
  };
}

/** Backends of this database waiting for a lock: `advisory` (at the gate) or a row (`transactionid`, `tuple`). */
async function lockWaits(): Promise<string[]> {
  const { rows } = await sql<{ wait: string }>`
    select wait_event as wait from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()
     order by wait_event`.execute(db());
  return rows.map((r) => r.wait);
}

describe("a partial unsend after the decision, the reply still queued", { timeout: 120_000 }, () => {
  it("decides the burst again on what is left: the old decision superseded, its reply cancelled, never sent", async () => {
    const phone = "33670000001";
    const release = c.holdSends();
    try {
      const { mids, conv, first } = await burstWithQueuedReply(phone, ["Bonjour", QUESTION]);
      c.unsend(phone, mids[1]!);
      await settle(w);
      await poll(async () => (await c.decisionsOf(conv)).length).toBe(2);
      const [old, next] = await c.decisionsOf(conv);
      expect(old).toMatchObject({ id: first.id, outcome: "superseded", superseded_by: next!.id });
      expect(next!.batch_key).toBe(`${old!.batch_key}#rev1`);
      // "Bonjour" alone asks nothing the FAQ answers: no automatic reply for it.
      expect(next!.outcome).not.toBe("pending");
      expect((await c.repliesOf(conv)).map((r) => [r.status, r.error_class])).toEqual([["cancelled", "superseded"]]);
    } finally {
      release();
    }
    await c.neverSent(phone);
  });

  it("the same answer for what is left: the queued reply goes out once, as the new decision's", async () => {
    const phone = "33670000002";
    const release = c.holdSends();
    let conv: string;
    try {
      const queued = await burstWithQueuedReply(phone, ["Bonjour", QUESTION]);
      conv = queued.conv;
      c.unsend(phone, queued.mids[0]!);
      await settle(w);
      await c.handedOver(conv);
    } finally {
      release();
    }
    await c.sentOnce(conv, phone);
  });

  it("unsent one by one, the last unsend withdraws the new decision", async () => {
    const phone = "33670000003";
    const release = c.holdSends();
    try {
      const { mids, conv } = await burstWithQueuedReply(phone, ["Bonjour", QUESTION]);
      c.unsend(phone, mids[0]!);
      await settle(w);
      await poll(async () => (await c.repliesOf(conv)).map((r) => r.status)).toEqual(["queued"]);
      await poll(async () => (await c.decisionsOf(conv)).map((d) => d.outcome)).toEqual(["superseded", "pending"]);
      c.unsend(phone, mids[1]!);
      await settle(w);
      expect((await c.decisionsOf(conv)).map((d) => d.outcome)).toEqual(["superseded", "withdrawn"]);
      expect((await c.repliesOf(conv)).map((r) => [r.status, r.error_class])).toEqual([["cancelled", "message_unsent"]]);
    } finally {
      release();
    }
    await c.neverSent(phone);
  });
});

describe("two unsends of a burst's last messages at once", { timeout: 120_000 }, () => {
  it("the burst is left with nothing to answer: its reply is cancelled and the decision withdrawn, never sent", async () => {
    const phone = "33670000004";
    const release = c.holdSends();
    try {
      const { mids, conv, batchId } = await burstWithQueuedReply(phone, ["Bonjour", QUESTION]);
      // Each unsend stops as it queues the burst's change job, after reading whether anything is left: both read
      // the other's message as still there unless they are checked one after the other.
      const g = await gate({ table: "graphile_worker._private_jobs", timing: "before insert", when: `new.key = 'batch-changed:${batchId}'` });
      try {
        c.unsend(phone, mids[0]!);
        c.unsend(phone, mids[1]!);
        await w.server.fake.control.flushWebhooks();
        // Both unsends are in: one waits at the gate, the other at the gate too or behind the first.
        await poll(async () => (await lockWaits()).length, 20_000).toBeGreaterThanOrEqual(2);
      } finally {
        await g.release();
      }
      await settle(w);
      await poll(async () => (await c.decisionsOf(conv)).map((d) => d.outcome), 20_000).toEqual(["withdrawn"]);
      expect((await c.repliesOf(conv)).map((r) => [r.status, r.error_class])).toEqual([["cancelled", "message_unsent"]]);
    } finally {
      release();
    }
    await c.neverSent(phone);
  });
});

describe("an unsend while an edit's re-decision stores its decision", { timeout: 120_000 }, () => {
  it("no deadlock fails the job; the burst, all unsent, is withdrawn and nothing is sent", async () => {
    const phone = "33670000005";
    const release = c.holdSends();
    try {
      const { mids, conv } = await burstWithQueuedReply(phone, [QUESTION]);
      const before = (await jobErrors()).length;
      // The unsend stops right after it marked the message unsent (its row lock held) until the gate opens.
      const g = await gate({ table: "messages", timing: "after update of deleted_at", when: `new.deleted_at is not null and old.deleted_at is null and new.workspace_id = '${w.workspaceId}'` });
      try {
        c.edit(phone, mids[0]!, "Et le samedi, vous ouvrez à quelle heure ?");
        await settle(w);
        c.unsend(phone, mids[0]!);
        await w.server.fake.control.flushWebhooks();
        // The edit's re-decision (after the quiet window) reaches the message the unsend holds, and waits for it.
        await poll(async () => (await lockWaits()).filter((x) => x !== "advisory").length, 20_000).toBeGreaterThanOrEqual(1);
      } finally {
        await g.release();
      }
      await settle(w);
      await poll(async () => (await c.decisionsOf(conv)).filter((d) => d.outcome === "pending").length, 20_000).toBe(0);
      // Every reply of the burst cancelled, no decision left to send one.
      await new Promise((r) => setTimeout(r, 2_500));
      expect((await c.repliesOf(conv)).map((r) => r.status)).toEqual(["cancelled"]);
      expect((await c.decisionsOf(conv)).filter((d) => d.outcome === "pending")).toEqual([]);
      expect((await jobErrors()).slice(before).filter((e) => /deadlock|could not serialize/.test(e.error))).toEqual([]);
    } finally {
      release();
    }
    await c.neverSent(phone);
  });
});

describe("an unsend while the burst's decision is being stored", { timeout: 120_000 }, () => {
  it("the reply is never queued: the decision is withdrawn and open screens are told (inbox.decision)", async () => {
    const phone = "33670000009";
    const release = c.holdSends();
    try {
      // The decision's transaction stops before it inserts the decision, after the burst was read (message answerable).
      const g = await gate({ table: "ai_decisions", timing: "before insert", when: `new.workspace_id = '${w.workspaceId}'` });
      let mid: string;
      try {
        mid = c.say(phone, QUESTION);
        await settle(w);
        await poll(async () => (await lockWaits()).filter((x) => x === "advisory").length, 20_000).toBeGreaterThanOrEqual(1);
        // The unsend commits first and finds no decision to withdraw: the reply path is the one that must notice.
        c.unsend(phone, mid);
        await settle(w);
        await poll(async () => (await db().selectFrom("messages").select("deleted_at").where("platform_message_id", "=", mid).executeTakeFirstOrThrow()).deleted_at !== null, 20_000).toBe(true);
      } finally {
        await g.release();
      }
      const conv = await c.conversationOf(mid);
      await poll(async () => (await c.decisionsOf(conv)).map((d) => [d.outcome, d.outcome_error]), 20_000).toEqual([["withdrawn", "message_unsent"]]);
      const [decision] = await c.decisionsOf(conv);
      expect(await c.repliesOf(conv)).toEqual([]);
      const events = await db()
        .selectFrom("workspace_events")
        .select("payload")
        .where("type", "=", "inbox.decision")
        .where(sql<string>`payload->>'decisionId'`, "=", decision!.id)
        .execute();
      expect(events.map((e) => e.payload)).toEqual([{ conversationId: conv, decisionId: decision!.id, outcome: "withdrawn" }]);
    } finally {
      release();
    }
    await c.neverSent(phone);
  });
});
