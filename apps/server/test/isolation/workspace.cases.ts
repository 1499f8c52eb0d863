import { createSillageClient } from "@sillage/client";
import { expect } from "vitest";
import { ApiSession, ok, refusedInB, type CaseFile, type World } from "./context";

async function bSnapshot({ b }: World) {
  const ws = ok<Record<string, unknown>>(await b.query("workspace.get"));
  const members = ok(await b.query("workspace.members"));
  return JSON.stringify({ ws, members });
}

const file: CaseFile = {
  async seed({ server, b, bIds }) {
    const inv = ok<{ id: string; token: string }>(await b.mutation("workspace.invite", { role: "agent" }));
    bIds.invitationId = inv.id;
    const inv2 = ok<{ token: string }>(await b.mutation("workspace.invite", { role: "agent" }));
    const agent = new ApiSession(server.url);
    ok(await agent.mutation("auth.signup", { email: "b-agent@example.com", name: "B agent", password: "agent password 1", invitationToken: inv2.token }));
    bIds.agentId = ok<{ user: { id: string } }>(await agent.query("auth.me")).user.id;
  },
  cases: {
    "workspace.create": async (w) => {
      const created = ok<{ id: string }>(await w.a.mutation("workspace.create", { name: "A second" }));
      expect(created.id).not.toBe(w.bIds.workspaceId);
      const members = ok<{ members: unknown[] }>(await w.b.query("workspace.members"));
      expect(members.members).toHaveLength(2);
    },
    "workspace.acceptInvitation": async (w) => {
      // Only the holder of a live invitation link joins; a made-up token does nothing.
      const res = await w.a.mutation("workspace.acceptInvitation", { token: "inv_not-a-real-invitation-token" });
      expect(res).toMatchObject({ ok: false, code: "NOT_FOUND" });
      const me = ok<{ workspaces: { id: string }[] }>(await w.a.query("auth.me"));
      expect(me.workspaces.map((x) => x.id)).not.toContain(w.bIds.workspaceId);
    },
    "workspace.get": async (w) => {
      await refusedInB(w, "query", "workspace.get");
      expect(ok<{ id: string }>(await w.a.query("workspace.get")).id).toBe(w.a.workspaceId);
    },
    "workspace.update": async (w) => {
      const before = await bSnapshot(w);
      await refusedInB(w, "mutation", "workspace.update", { name: "hijacked" });
      expect(await bSnapshot(w)).toBe(before);
    },
    "workspace.members": async (w) => {
      await refusedInB(w, "query", "workspace.members");
      const mine = ok<{ members: { email: string }[] }>(await w.a.query("workspace.members"));
      expect(mine.members.map((m) => m.email)).toEqual(["a@example.com"]);
    },
    "workspace.invite": async (w) => {
      const before = ok<{ invitations: unknown[] }>(await w.b.query("workspace.members")).invitations.length;
      await refusedInB(w, "mutation", "workspace.invite", { role: "admin" });
      expect(ok<{ invitations: unknown[] }>(await w.b.query("workspace.members")).invitations).toHaveLength(before);
    },
    "workspace.revokeInvitation": async (w) => {
      await refusedInB(w, "mutation", "workspace.revokeInvitation", { id: w.bIds.invitationId });
      expect(await w.a.mutation("workspace.revokeInvitation", { id: w.bIds.invitationId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      const invitations = ok<{ invitations: { id: string }[] }>(await w.b.query("workspace.members")).invitations;
      expect(invitations.map((i) => i.id)).toContain(w.bIds.invitationId);
    },
    "workspace.removeMember": async (w) => {
      await refusedInB(w, "mutation", "workspace.removeMember", { userId: w.bIds.agentId });
      expect(await w.a.mutation("workspace.removeMember", { userId: w.bIds.userId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      const members = ok<{ members: { userId: string }[] }>(await w.b.query("workspace.members")).members;
      expect(members.map((m) => m.userId)).toEqual(expect.arrayContaining([w.bIds.userId, w.bIds.agentId]));
    },
    "workspace.changeRole": async (w) => {
      await refusedInB(w, "mutation", "workspace.changeRole", { userId: w.bIds.agentId, role: "owner" });
      expect(await w.a.mutation("workspace.changeRole", { userId: w.bIds.agentId, role: "owner" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      const members = ok<{ members: { userId: string; role: string }[] }>(await w.b.query("workspace.members")).members;
      expect(members.find((m) => m.userId === w.bIds.agentId)?.role).toBe("agent");
    },
    "workspace.leave": async (w) => {
      await refusedInB(w, "mutation", "workspace.leave");
      // A is its workspace's last owner: it stays, and B's members are untouched.
      expect(await w.a.mutation("workspace.leave")).toMatchObject({ ok: false, code: "BAD_REQUEST", data: { appError: { code: "accounts.last_owner" } } });
      const members = ok<{ members: { userId: string }[] }>(await w.b.query("workspace.members")).members;
      expect(members.map((m) => m.userId)).toEqual(expect.arrayContaining([w.bIds.userId, w.bIds.agentId]));
    },
    "workspace.events": async (w) => {
      const { token } = ok<{ token: string }>(await w.a.mutation("apiTokens.create", { name: "a-listener" }));
      const client = createSillageClient({ url: w.server.url, token });
      const seen: string[] = [];
      const sub = client.workspace.events.subscribe(undefined, { onData: (e) => seen.push(e.data.type) });
      await expect.poll(() => seen, { timeout: 5000 }).toEqual(["stream.ready"]);
      ok(await w.b.mutation("workspace.update", { locale: "en" })); // an event in B
      ok(await w.a.mutation("workspace.update", { locale: "en" })); // an event in A
      await expect.poll(() => seen, { timeout: 5000 }).toEqual(["stream.ready", "workspace.updated"]);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual(["stream.ready", "workspace.updated"]);
      sub.unsubscribe();
      // A browser session pointing its stream at B is refused.
      const res = await fetch(`${w.server.url}/trpc/workspace.events?workspace=${w.bIds.workspaceId}`, { headers: { cookie: w.a.cookie, accept: "text/event-stream" } });
      expect(await res.text()).toContain("NOT_FOUND");
    },
  },
};
export default file;
