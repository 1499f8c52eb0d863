/**
 * A decision that sends nothing (an escalation, an ignored burst) is told to open screens as it is stored: the list's
 * « waiting for a person » badge and the thread's decision appeared only after a reload (walk5, phone inbox).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, settle, startInboxWorld, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true });
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
});
afterAll(() => w.close());

describe("a stored decision is a live event", () => {
  it("an escalated complaint raises inbox.triaged for its conversation, in the decision's transaction", async () => {
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33650000077", text: "C’est inadmissible, mon sac est arrivé cassé" });
    await settle(w);
    let decision: { id: string; conversationId: string; triage: string } | undefined;
    await expect
      .poll(
        async () => {
          const { items } = ok<{ items: { id: string; conversationId: string; triage: string }[] }>(await w.owner.query("ai.decisions", { limit: 10 }));
          decision = items[0];
          return decision?.triage;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe("ESCALATE");
    const events = await w.server.db.db.selectFrom("workspace_events").select("payload").where("workspace_id", "=", w.workspaceId).where("type", "=", "inbox.triaged").execute();
    expect(events.map((e) => e.payload)).toEqual([{ conversationId: decision!.conversationId, decisionId: decision!.id, triage: "ESCALATE" }]);
  });
});
