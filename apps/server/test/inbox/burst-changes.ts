/** A customer changing a burst after its decision (edits, unsends) and what the tests read of it, over one world. */
import { expect } from "vitest";
import { settle, type InboxWorld } from "./world";

// Generous: a re-decision meeting the send job's attempt is retried with the queue's backoff (seconds).
export const poll = <T>(fn: () => Promise<T>, timeout = 60_000) => expect.poll(fn, { timeout, interval: 100 });

export function burstChanges(w: InboxWorld) {
  const db = () => w.server.db.db;
  const wa = { channel: "whatsapp" as const, phoneNumberId: w.wa.phoneNumberId };
  const sendsTo = (phone: string) => w.server.fake.control.sentMessages({ channel: "whatsapp" }).filter((m) => m.to === phone);
  const decisionsOf = (conversationId: string) =>
    db()
      .selectFrom("ai_decisions")
      .select(["id", "batch_key", "triage", "outcome", "outcome_error", "superseded_by", "reply"])
      .where("conversation_id", "=", conversationId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
  const repliesOf = (conversationId: string) =>
    db().selectFrom("outbound_messages").select(["id", "status", "ai_decision_id", "message_id", "error_class"]).where("conversation_id", "=", conversationId).orderBy("created_at").execute();
  return {
    db,
    say: (from: string, text: string) => w.server.fake.control.customerMessage({ ...wa, from, text }).id,
    edit: (from: string, messageId: string, text: string) => w.server.fake.control.customerEditMessage({ ...wa, from, messageId, text }),
    unsend: (from: string, messageId: string) => w.server.fake.control.customerUnsendMessage({ ...wa, from, messageId }),
    sendsTo,
    async conversationOf(messageId: string): Promise<string> {
      await settle(w);
      return (await db().selectFrom("messages").select("conversation_id").where("platform_message_id", "=", messageId).executeTakeFirstOrThrow()).conversation_id;
    },
    decisionsOf,
    repliesOf,
    /** The burst was decided again the same way: its queued reply now belongs to the new decision. */
    async handedOver(conversationId: string) {
      await poll(async () => (await decisionsOf(conversationId)).length).toBe(2);
      const [old, next] = await decisionsOf(conversationId);
      expect(next).toMatchObject({ triage: "AUTO_REPLY", outcome: "pending", reply: old!.reply });
      expect(old).toMatchObject({ outcome: "superseded", superseded_by: next!.id });
      expect((await repliesOf(conversationId)).map((r) => [r.status, r.ai_decision_id])).toEqual([["queued", next!.id]]);
    },
    /** Sends released: the handed-over reply goes out once, as the new decision's. */
    async sentOnce(conversationId: string, phone: string) {
      await poll(async () => (await decisionsOf(conversationId)).map((d) => d.outcome)).toEqual(["superseded", "sent"]);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(sendsTo(phone)).toHaveLength(1);
    },
    /** Every send of the channel is throttled until `release`: the automatic reply stays queued between the send job's attempts. */
    holdSends() {
      w.server.fake.control.injectFault({ kind: "throttle", match: { operation: "whatsapp.send" }, times: 10_000 });
      return () => w.server.fake.control.clearFaults();
    },
    /** Sends flow again (faults cleared): past the send job's next attempt, still nothing went to this customer. */
    async neverSent(phone: string) {
      await new Promise((r) => setTimeout(r, 4_000));
      expect(sendsTo(phone)).toEqual([]);
    },
  };
}
