import { expect } from "vitest";
import { ok, refusedInB, type CaseFile } from "./context";

const file: CaseFile = {
  async seed({ b, bIds }) {
    bIds.tokenId = ok<{ id: string }>(await b.mutation("apiTokens.create", { name: "b-tool" })).id;
  },
  cases: {
    "apiTokens.create": async (w) => {
      await refusedInB(w, "mutation", "apiTokens.create", { name: "sneaky" });
      const bTokens = ok<{ name: string }[]>(await w.b.query("apiTokens.list"));
      expect(bTokens.map((t) => t.name)).not.toContain("sneaky");
    },
    "apiTokens.list": async (w) => {
      await refusedInB(w, "query", "apiTokens.list");
      const mine = ok<{ id: string }[]>(await w.a.query("apiTokens.list"));
      expect(mine.map((t) => t.id)).not.toContain(w.bIds.tokenId);
    },
    "apiTokens.revoke": async (w) => {
      await refusedInB(w, "mutation", "apiTokens.revoke", { id: w.bIds.tokenId });
      expect(await w.a.mutation("apiTokens.revoke", { id: w.bIds.tokenId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      const bTokens = ok<{ id: string; revokedAt: Date | null }[]>(await w.b.query("apiTokens.list"));
      expect(bTokens.find((t) => t.id === w.bIds.tokenId)?.revokedAt).toBeNull();
    },
  },
};
export default file;
