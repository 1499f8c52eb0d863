import { changePlan, topUpCredits } from "@sillage/billing";
import { withWorkspace } from "@sillage/db";
import { expect } from "vitest";
import { ok, refusedInB, type CaseFile } from "./context";

const clock = { now: () => new Date() };

const file: CaseFile = {
  async seed(w) {
    const b = w.bIds.workspaceId!;
    await changePlan(w.server.db.db, { workspaceId: b, plan: "pro", by: "test" }, clock);
    await withWorkspace(w.server.db.db, b, (trx) => topUpCredits(trx, { workspaceId: b, amount: 4242, reason: "B's secret top-up", key: "b-iso" }, clock));
  },
  cases: {
    "billing.plan": async (w) => {
      await refusedInB(w, "query", "billing.plan");
      const mine = ok<{ plan: string; usage: { credits: number } }>(await w.a.query("billing.plan"));
      expect(mine.plan).not.toBe("pro");
      expect(mine.usage.credits).not.toBe(4242);
    },
    "billing.credits": async (w) => {
      await refusedInB(w, "query", "billing.credits");
      const mine = ok<{ balance: number; items: { reason: string }[] }>(await w.a.query("billing.credits", { limit: 100 }));
      expect(mine.items.map((i) => i.reason)).not.toContain("B's secret top-up");
      expect(mine.balance).not.toBe(4242);
    },
    "billing.usage": async (w) => {
      await refusedInB(w, "query", "billing.usage");
      ok(await w.a.query("billing.usage"));
    },
  },
};
export default file;
