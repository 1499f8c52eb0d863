import { expect } from "vitest";
import { ApiSession, ok, type CaseFile } from "./context";

// Account-level procedures carry no workspace: they can only ever show the caller's own memberships.
const file: CaseFile = {
  cases: {
    "auth.signup": async ({ server, bIds }) => {
      const c = new ApiSession(server.url);
      ok(await c.mutation("auth.signup", { email: "c@example.com", name: "C", password: "c password 123" }));
      const me = ok<{ workspaces: { id: string }[] }>(await c.query("auth.me"));
      expect(me.workspaces.map((w) => w.id)).not.toContain(bIds.workspaceId);
    },
    "auth.login": async ({ server, a }) => {
      const again = new ApiSession(server.url);
      ok(await again.mutation("auth.login", { email: "a@example.com", password: "correct horse battery" }));
      const me = ok<{ workspaces: { id: string }[] }>(await again.query("auth.me"));
      expect(me.workspaces.map((w) => w.id)).toEqual([a.workspaceId]);
    },
    "auth.me": async ({ a }) => {
      const me = ok<{ workspaces: { id: string }[] }>(await a.query("auth.me"));
      expect(me.workspaces.map((w) => w.id)).toEqual([a.workspaceId]);
    },
    "auth.logout": async ({ server, b }) => {
      const other = new ApiSession(server.url);
      ok(await other.mutation("auth.login", { email: "a@example.com", password: "correct horse battery" }));
      ok(await other.mutation("auth.logout"));
      expect(ok(await b.query("auth.me"))).not.toBeNull(); // B's session is untouched
    },
  },
};
export default file;
