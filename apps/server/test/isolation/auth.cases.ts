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
    // A stranger asking for B's reset learns nothing (the same answer as for any address) and changes nothing of B's.
    "auth.requestPasswordReset": async ({ server, b }) => {
      const stranger = new ApiSession(server.url);
      expect(ok(await stranger.mutation("auth.requestPasswordReset", { email: "b@example.com" }))).toEqual({ ok: true });
      expect(ok(await stranger.mutation("auth.requestPasswordReset", { email: "nobody-at-all@example.com" }))).toEqual({ ok: true });
      expect(ok(await b.query("auth.me"))).not.toBeNull();
    },
    // A guessed invitation token says only "invalid", and names no workspace.
    "auth.invitationLink": async ({ server, b }) => {
      const stranger = new ApiSession(server.url);
      expect(ok(await stranger.query("auth.invitationLink", { token: "inv_guessed-token-for-someone-else" }))).toEqual({ state: "invalid" });
      expect(ok(await b.query("auth.me"))).not.toBeNull();
    },
    // A guessed token says only "invalid", and reading it spends or changes nothing of B's.
    "auth.passwordResetLink": async ({ server, b }) => {
      const stranger = new ApiSession(server.url);
      expect(ok(await stranger.query("auth.passwordResetLink", { token: "pwr_guessed-token-for-someone-else" }))).toEqual({ state: "invalid" });
      expect(ok(await b.query("auth.me"))).not.toBeNull();
    },
    "auth.resetPassword": async ({ server, b }) => {
      const stranger = new ApiSession(server.url);
      const res = await stranger.mutation("auth.resetPassword", { token: "pwr_guessed-token-for-someone-else", password: "taken over password" });
      expect(res).toMatchObject({ ok: false, code: "NOT_FOUND", data: { appError: { code: "accounts.reset_link_invalid" } } });
      expect(ok(await b.query("auth.me"))).not.toBeNull();
      ok(await new ApiSession(server.url).mutation("auth.login", { email: "b@example.com", password: "correct horse battery" }));
    },
  },
};
export default file;
