import { changePlan, topUpCredits } from "@sillage/billing";
import { withWorkspace } from "@sillage/db";
import { expect } from "vitest";
import { ok, refusedInB, type CaseFile } from "./context";

const clock = { now: () => new Date() };
let bBillingDay = 0;

const file: CaseFile = {
  async seed(w) {
    const b = w.bIds.workspaceId!;
    // B keeps every feature (other case files' B-side checks need them) but gets a billing day of its own.
    const aDay = ((new Date().getUTCDate() + 10) % 28) + 1;
    await changePlan(w.server.db.db, { workspaceId: b, plan: "business", by: "test", billingDay: aDay }, clock);
    bBillingDay = aDay;
    await withWorkspace(w.server.db.db, b, (trx) => topUpCredits(trx, { workspaceId: b, amount: 4242, note: "B's secret top-up", key: "b-iso" }, clock));
  },
  cases: {
    "billing.plan": async (w) => {
      await refusedInB(w, "query", "billing.plan");
      const mine = ok<{ billingDay: number; usage: { credits: number } }>(await w.a.query("billing.plan"));
      expect(mine.billingDay).not.toBe(bBillingDay);
      expect(mine.usage.credits).not.toBe(4242);
    },
    "billing.credits": async (w) => {
      await refusedInB(w, "query", "billing.credits");
      const mine = ok<{ balance: number; items: { reasonParams: { note?: string } }[] }>(await w.a.query("billing.credits", { limit: 100 }));
      expect(mine.items.map((i) => i.reasonParams.note)).not.toContain("B's secret top-up");
      expect(mine.balance).not.toBe(4242);
    },
    "billing.usage": async (w) => {
      await refusedInB(w, "query", "billing.usage");
      ok(await w.a.query("billing.usage"));
    },
  },
};
export default file;
