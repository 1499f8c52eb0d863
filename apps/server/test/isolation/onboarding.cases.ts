import { expect } from "vitest";
import { ApiSession } from "../harness";
import { ok, refusedInB, type CaseFile, type World } from "./context";

function bDismissed({ server, bIds }: World) {
  return server.db.db.selectFrom("workspaces").select("onboarding_dismissed_at").where("id", "=", bIds.workspaceId!).executeTakeFirstOrThrow();
}

const file: CaseFile = {
  cases: {
    "onboarding.checklist": async (w) => {
      await refusedInB(w, "query", "onboarding.checklist");
      // B has channels, knowledge, rules and posts (other case files seed them); none counts in a new workspace of A's.
      const bs = ok<{ steps: { id: string; done: boolean }[] }>(await w.b.query("onboarding.checklist"));
      expect(bs.steps.filter((s) => s.done).map((s) => s.id)).toEqual(expect.arrayContaining(["channel", "knowledge", "rule", "post"]));
      const created = ok<{ id: string }>(await w.a.mutation("workspace.create", { name: "A fresh" }));
      const fresh = new ApiSession(w.server.url);
      fresh.cookie = w.a.cookie;
      fresh.workspaceId = created.id;
      expect(ok<{ completed: number }>(await fresh.query("onboarding.checklist")).completed).toBe(0);
    },
    "onboarding.dismiss": async (w) => {
      await refusedInB(w, "mutation", "onboarding.dismiss");
      ok(await w.a.mutation("onboarding.dismiss"));
      expect((await bDismissed(w)).onboarding_dismissed_at).toBeNull();
    },
  },
};
export default file;
