/**
 * A customer edits (or unsends) a message after its burst was decided: signed webhooks from the fake Graph API over
 * HTTP into real PostgreSQL, the product's jobs on a real runner. The burst is decided again on the edited text while
 * nothing answered it yet; the old decision stays as history; an automatic reply still queued for it is cancelled
 * (never sent) when the new decision differs; an unsend cancels it when nothing is left to answer.
 */
import { sql } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { burstChanges, poll } from "./burst-changes";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
let c: ReturnType<typeof burstChanges>;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  c = burstChanges(w);
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.rules.create", { type: "escalate", name: "Remboursements", keywords: ["remboursement"] }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
});
afterAll(() => w.close());

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const REFUND = "Finalement je veux un remboursement";
const db = () => w.server.db.db;

/** The customer's question is decided AUTO_REPLY and its reply sits queued (throttled), not sent. */
async function questionWithQueuedReply(phone: string) {
  const mid = c.say(phone, QUESTION);
  const conv = await c.conversationOf(mid);
  await poll(async () => (await c.repliesOf(conv)).map((r) => `${r.status}:${r.error_class}`)).toEqual(["queued:rate_limited"]);
  const [first] = await c.decisionsOf(conv);
  expect(first).toMatchObject({ triage: "AUTO_REPLY", outcome: "pending" });
  return { mid, conv, first: first! };
}

describe("an edit after the decision, while the automatic reply is still queued", { timeout: 120_000 }, () => {
  it("decides again on the edited text; the old reply is cancelled, never sent; the old decision stays, superseded", async () => {
    const phone = "33660000001";
    const release = c.holdSends();
    try {
      const { mid, conv, first } = await questionWithQueuedReply(phone);
      c.edit(phone, mid, REFUND);
      await settle(w);
      await poll(async () => (await c.decisionsOf(conv)).length).toBe(2);
      const [old, next] = await c.decisionsOf(conv);
      expect(old).toMatchObject({ id: first.id, triage: "AUTO_REPLY", outcome: "superseded", superseded_by: next!.id });
      expect(next).toMatchObject({ triage: "ESCALATE", outcome: "not_applicable", superseded_by: null });
      expect(next!.batch_key).toBe(`${old!.batch_key}#rev1`);
      const [reply] = await c.repliesOf(conv);
      expect(reply).toMatchObject({ status: "cancelled", error_class: "superseded", message_id: null });
      // The thread no longer shows a reply on its way; the edited message carries the new decision.
      const thread = ok<{ messages: { direction: string; text: string | null; triage: string | null }[]; conversation: { needsPerson: boolean } }>(
        await w.owner.query("inbox.messages", { conversationId: conv }),
      );
      expect(thread.messages.map((m) => [m.direction, m.text, m.triage])).toEqual([["in", REFUND, "ESCALATE"]]);
      expect(thread.conversation.needsPerson).toBe(true);
    } finally {
      release();
    }
    await c.neverSent(phone);
  });

  it("the same answer for the edited text: the queued reply goes out once, as the new decision's", async () => {
    const phone = "33660000002";
    const release = c.holdSends();
    let conv: string;
    try {
      const queued = await questionWithQueuedReply(phone);
      conv = queued.conv;
      // A typo fixed: the same question, so the same answer.
      c.edit(phone, queued.mid, `${QUESTION} `);
      await settle(w);
      await c.handedOver(conv);
    } finally {
      release();
    }
    await c.sentOnce(conv, phone);
  });

  it("with the AI control off, the new decision sends nothing and the queued reply is cancelled", async () => {
    const phone = "33660000003";
    const release = c.holdSends();
    try {
      const { mid, conv } = await questionWithQueuedReply(phone);
      ok(await w.owner.mutation("ai.control.set", { enabled: false }));
      c.edit(phone, mid, "Et le samedi, vous ouvrez à quelle heure ?");
      await settle(w);
      await poll(async () => (await c.decisionsOf(conv)).length).toBe(2);
      const [old, next] = await c.decisionsOf(conv);
      expect(old!.outcome).toBe("superseded");
      expect(next!.outcome).not.toBe("pending");
      expect(next!.outcome === "blocked_ai_off" || next!.outcome === "not_applicable").toBe(true);
      expect((await c.repliesOf(conv)).map((r) => r.status)).toEqual(["cancelled"]);
    } finally {
      release();
      ok(await w.owner.mutation("ai.control.set", { enabled: true }));
    }
    await c.neverSent(phone);
  });
});

describe("an edit after an answer went out", { timeout: 120_000 }, () => {
  it("is shown, and decides nothing again", async () => {
    const phone = "33660000004";
    const mid = c.say(phone, QUESTION);
    const conv = await c.conversationOf(mid);
    await poll(async () => (await c.repliesOf(conv)).map((r) => r.status)).toEqual(["sent"]);
    c.edit(phone, mid, REFUND);
    await settle(w);
    expect((await db().selectFrom("messages").select("text").where("platform_message_id", "=", mid).executeTakeFirstOrThrow()).text).toBe(REFUND);
    // Longer than the quiet window the change job waits.
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await c.decisionsOf(conv)).map((d) => [d.triage, d.outcome, d.superseded_by])).toEqual([["AUTO_REPLY", "sent", null]]);
    expect(c.sendsTo(phone)).toHaveLength(1);
  });
});

describe("a redelivered edit", { timeout: 120_000 }, () => {
  it("decides again once", async () => {
    const phone = "33660000005";
    // Nothing sent automatically, so nothing answers the burst before the edit.
    ok(await w.owner.mutation("ai.control.set", { enabled: false }));
    try {
      const mid = c.say(phone, QUESTION);
      const conv = await c.conversationOf(mid);
      await poll(async () => (await c.decisionsOf(conv)).length).toBe(1);
      // Meta delivers the same edit three times (at-least-once).
      w.server.fake.control.configureWebhooks({ duplicate: 3 });
      c.edit(phone, mid, REFUND);
      await settle(w);
      await poll(async () => (await c.decisionsOf(conv)).length).toBe(2);
      await new Promise((r) => setTimeout(r, 2_500));
      expect((await c.decisionsOf(conv)).map((d) => [d.triage, d.outcome])).toEqual([
        ["AUTO_REPLY", "superseded"],
        ["ESCALATE", "not_applicable"],
      ]);
      expect(await db().selectFrom("message_edits").select("id").where("platform_message_id", "=", mid).execute()).toHaveLength(1);
      expect(w.server.fake.control.deliveries().filter((d) => d.body.includes(REFUND)).length).toBeGreaterThanOrEqual(3);
    } finally {
      w.server.fake.control.configureWebhooks({ duplicate: false });
      ok(await w.owner.mutation("ai.control.set", { enabled: true }));
    }
  });
});

describe("an unsend before the queued reply goes out", { timeout: 120_000 }, () => {
  it("cancels the reply when nothing else of the burst is left to answer", async () => {
    const phone = "33660000006";
    const release = c.holdSends();
    try {
      const { mid, conv, first } = await questionWithQueuedReply(phone);
      c.unsend(phone, mid);
      await settle(w);
      // Cancelled with the unsend itself, in its transaction: no waiting for a job.
      expect((await c.repliesOf(conv)).map((r) => [r.status, r.error_class])).toEqual([["cancelled", "message_unsent"]]);
      expect(await c.decisionsOf(conv)).toEqual([expect.objectContaining({ id: first.id, outcome: "withdrawn", outcome_error: "message_unsent" })]);
    } finally {
      release();
    }
    await c.neverSent(phone);
  });
});

describe("a crash while deciding again", { timeout: 120_000 }, () => {
  /**
   * Fails the named statement once for this workspace, as a worker dying there would (its transaction rolls back).
   * "Once" is kept by a sequence, which a rollback does not undo.
   */
  async function crashOnce(point: "supersede" | "queue_reply") {
    await sql`create table if not exists test_crash_once (workspace_id uuid, at text, fire_at bigint)`.execute(db());
    await sql`create sequence if not exists test_crash_seq`.execute(db());
    await sql`create or replace function test_crash_once() returns trigger language plpgsql security definer as $$
      declare armed bigint;
      begin
        select c.fire_at into armed from test_crash_once c where c.workspace_id = new.workspace_id and c.at = tg_argv[0];
        if armed is not null and nextval('test_crash_seq') = armed then
          raise exception 'crash (test) at %', tg_argv[0];
        end if;
        return new;
      end $$`.execute(db());
    await sql`drop trigger if exists test_crash_supersede on ai_decisions`.execute(db());
    await sql`create trigger test_crash_supersede before update of superseded_by on ai_decisions for each row when (new.superseded_by is not null) execute function test_crash_once('supersede')`.execute(db());
    await sql`drop trigger if exists test_crash_queue_reply on outbound_messages`.execute(db());
    await sql`create trigger test_crash_queue_reply before insert on outbound_messages for each row when (new.automatic) execute function test_crash_once('queue_reply')`.execute(db());
    await sql`delete from test_crash_once where workspace_id = ${w.workspaceId}`.execute(db());
    await sql`insert into test_crash_once values (${w.workspaceId}, ${point}, nextval('test_crash_seq') + 1)`.execute(db());
  }

  /** The crash happened (the job's first attempt failed with it). */
  async function crashed(point: string) {
    await poll(async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where last_error like ${`crash (test) at ${point}%`}`.execute(db())).rows[0]!.n, 20_000).toBeGreaterThan(0);
  }

  it("a crash before the new decision commits leaves everything as it was; the retry decides and cancels once", async () => {
    const phone = "33660000007";
    const release = c.holdSends();
    try {
      const { mid, conv, first } = await questionWithQueuedReply(phone);
      await crashOnce("supersede");
      c.edit(phone, mid, REFUND);
      await settle(w);
      // The job failed once (the crash), then its retry went through.
      await crashed("supersede");
      // Rolled back whole: the old decision and its queued reply are as they were.
      expect((await c.decisionsOf(conv)).map((d) => [d.outcome, d.superseded_by])).toEqual([["pending", null]]);
      await poll(async () => (await c.decisionsOf(conv)).length, 60_000).toBe(2);
      const [old, next] = await c.decisionsOf(conv);
      expect(old).toMatchObject({ id: first.id, outcome: "superseded", superseded_by: next!.id });
      expect((await c.repliesOf(conv)).map((r) => r.status)).toEqual(["cancelled"]);
      expect(await db().selectFrom("ai_decisions").select("id").where("batch_key", "like", `${old!.batch_key}#%`).execute()).toHaveLength(1);
    } finally {
      release();
    }
    await c.neverSent(phone);
  });

  it("a crash after it commits, before its reply is queued: the retry queues the new reply once", async () => {
    const phone = "33660000008";
    const release = c.holdSends();
    let conv: string;
    try {
      const queued = await questionWithQueuedReply(phone);
      conv = queued.conv;
      await crashOnce("queue_reply");
      c.edit(phone, queued.mid, "Quels sont vos délais de livraison ?");
      await settle(w);
      await crashed("queue_reply");
      await poll(async () => (await c.repliesOf(conv)).map((r) => r.status), 60_000).toEqual(["cancelled", "queued"]);
      const [old, next] = await c.decisionsOf(conv);
      expect(old!.outcome).toBe("superseded");
      expect(next).toMatchObject({ triage: "AUTO_REPLY", outcome: "pending" });
      expect((await c.repliesOf(conv))[1]!.ai_decision_id).toBe(next!.id);
    } finally {
      release();
    }
    await c.sentOnce(conv, phone);
    expect((await c.repliesOf(conv)).map((r) => r.status)).toEqual(["cancelled", "sent"]);
  });
});
