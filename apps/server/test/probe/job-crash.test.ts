/**
 * Crash safety of jobs that write several tables: an exception thrown inside a handler mid-transaction (raised here by
 * a PostgreSQL trigger on the handler's later write, as a lost connection or a bug would) leaves no partial rows, and
 * the job's retry then stores the whole once. The probe of requests is probe.test.ts; real process deaths are
 * autoreply-crash.test.ts, publishing-crash.test.ts and inbox/process-kill.test.ts.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, settle, startInboxWorld, type InboxWorld } from "../inbox/world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true, webhookRetry: { attempts: 5, delayMs: () => 200 } });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
}, 60_000);
afterAll(() => w.close());

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";

/** A trigger that throws on `table`'s inserts matching `when` (a SQL condition on NEW) until `heal` drops it. */
async function crashOn(name: string, table: string, when: string) {
  const db = w.server.db.db;
  await sql
    .raw(
      `create function ${name}() returns trigger language plpgsql as $$ begin if ${when} then raise exception 'probe crash: ${name}'; end if; return new; end $$;
       create trigger ${name} before insert on ${table} for each row execute function ${name}();`,
    )
    .execute(db);
  return { heal: () => sql.raw(`drop trigger ${name} on ${table}; drop function ${name}();`).execute(db) };
}

/** Whether a job (by task) has failed with the crash's message: the handler did run into it. */
async function crashedJobs(name: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where last_error like ${`%probe crash: ${name}%`}`.execute(w.server.db.db);
  return rows[0]!.n;
}

async function conversationOf(phone: string) {
  return w.server.db.db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select("conversations.id")
    .where("contacts.platform_user_id", "=", phone)
    .executeTakeFirst();
}

describe("an automatic reply refused before queueing, the handler failing between the outcome and its refund", () => {
  it("leaves the decision pending with its credit taken, then the retry records the outcome and refunds once", async () => {
    const crash = await crashOn("probe_crash_refund", "credit_ledger", "new.reason_code = 'refund_refused_before_sending'");
    // A message 25 hours old: the WhatsApp window refuses the reply at the gate (decision-outcomes.test.ts).
    const DAY_AND_AN_HOUR = 25 * 3_600_000;
    w.server.fake.control.advance({ ms: -DAY_AND_AN_HOUR });
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33660000001", text: QUESTION });
    w.server.fake.control.advance({ ms: DAY_AND_AN_HOUR });
    await settle(w);
    await expect.poll(() => crashedJobs("probe_crash_refund"), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);

    const conversationId = (await conversationOf("33660000001"))!.id;
    const decisions = () => w.server.db.db.selectFrom("ai_decisions").select(["id", "outcome"]).where("conversation_id", "=", conversationId).execute();
    const ledger = async () =>
      (await w.server.db.db.selectFrom("credit_ledger").select(["kind", "reason_code", "decision_id"]).where("decision_id", "in", (await decisions()).map((d) => d.id)).orderBy("id").execute()).map((m) => m.reason_code);
    // Nothing half-stored: the outcome was not recorded without its refund (before: window_closed, the credit kept).
    expect((await decisions()).map((d) => d.outcome)).toEqual(["pending"]);
    expect(await ledger()).toEqual(["ai_reply"]);

    await crash.heal();
    await expect.poll(async () => (await decisions()).map((d) => d.outcome), { timeout: 30_000, interval: 200 }).toEqual(["window_closed"]);
    await expect.poll(ledger, { timeout: 10_000, interval: 100 }).toEqual(["ai_reply", "refund_refused_before_sending"]);
  });
});

describe("a webhook event whose message insert throws", () => {
  it("stores no contact or conversation for it, then the retry stores the whole once", async () => {
    const crash = await crashOn("probe_crash_message", "messages", "new.text = 'probe crash'");
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33660000002", text: "probe crash" });
    await expect.poll(() => crashedJobs("probe_crash_message").then(async (n) => n + Number((await w.server.db.db.selectFrom("webhook_failures").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    expect(await conversationOf("33660000002")).toBeUndefined();
    expect(await w.server.db.db.selectFrom("contacts").select("id").where("platform_user_id", "=", "33660000002").execute()).toEqual([]);

    await crash.heal();
    await expect.poll(async () => (await w.server.db.db.selectFrom("messages").select("text").where("text", "=", "probe crash").execute()).length, { timeout: 30_000, interval: 200 }).toBe(1);
    expect(await w.server.db.db.selectFrom("contacts").select("id").where("platform_user_id", "=", "33660000002").execute()).toHaveLength(1);
  });
});
