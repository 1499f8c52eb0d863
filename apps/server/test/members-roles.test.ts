// Members' roles (issue 16): an owner changes roles and promotes owners; the last owner can neither leave nor be
// demoted; only owners touch the owner role. Refusals travel as codes the SPA renders in the reader's language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

async function join(owner: ApiSession, email: string, role: "admin" | "agent") {
  const who = await ApiSession.join(owner, { email, role });
  const id = ok<{ user: { id: string } }>(await who.query("auth.me")).user.id;
  return { session: who, id };
}
const rolesOf = async (who: ApiSession) =>
  Object.fromEntries(ok<{ members: { email: string; role: string }[] }>(await who.query("workspace.members")).members.map((m) => [m.email, m.role]));

describe("members' roles", () => {
  it("an owner changes roles and promotes an owner; the last owner can neither leave nor be demoted", async () => {
    const owner = await ApiSession.signup(s.url, { email: "owner@shop.example" });
    const ownerId = ok<{ user: { id: string } }>(await owner.query("auth.me")).user.id;
    const admin = await join(owner, "admin@shop.example", "admin");
    const agent = await join(owner, "agent@shop.example", "agent");

    // The only owner: cannot leave, cannot demote themself.
    expect(await owner.mutation("workspace.leave")).toMatchObject({ ok: false, code: "BAD_REQUEST", data: { appError: { code: "accounts.last_owner" } } });
    expect(await owner.mutation("workspace.changeRole", { userId: ownerId, role: "admin" })).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      data: { appError: { code: "accounts.last_owner_demoted" } },
    });

    // Admins move people between agent and admin, never to or from owner.
    ok(await admin.session.mutation("workspace.changeRole", { userId: agent.id, role: "admin" }));
    ok(await admin.session.mutation("workspace.changeRole", { userId: agent.id, role: "agent" }));
    expect(await admin.session.mutation("workspace.changeRole", { userId: admin.id, role: "owner" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      data: { appError: { code: "accounts.owner_role_only" } },
    });
    expect(await admin.session.mutation("workspace.changeRole", { userId: ownerId, role: "agent" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // Agents change nothing.
    expect(await agent.session.mutation("workspace.changeRole", { userId: agent.id, role: "admin" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await rolesOf(owner)).toEqual({ "owner@shop.example": "owner", "admin@shop.example": "admin", "agent@shop.example": "agent" });

    // The owner promotes the admin to owner; now either owner may step down or leave, but not both.
    expect(ok(await owner.mutation("workspace.changeRole", { userId: admin.id, role: "owner" }))).toEqual({ role: "owner" });
    expect(ok<{ workspaces: { role: string }[] }>(await admin.session.query("auth.me")).workspaces[0]!.role).toBe("owner");
    ok(await admin.session.mutation("workspace.changeRole", { userId: ownerId, role: "admin" }));
    expect(await admin.session.mutation("workspace.changeRole", { userId: admin.id, role: "agent" })).toMatchObject({
      ok: false,
      data: { appError: { code: "accounts.last_owner_demoted" } },
    });
    expect(await admin.session.mutation("workspace.leave")).toMatchObject({ ok: false, data: { appError: { code: "accounts.last_owner" } } });

    // Anyone else may leave.
    ok(await agent.session.mutation("workspace.leave"));
    expect(await rolesOf(owner)).toEqual({ "owner@shop.example": "admin", "admin@shop.example": "owner" });
    expect(ok<{ workspaces: unknown[] }>(await agent.session.query("auth.me")).workspaces).toEqual([]);
    expect(await owner.mutation("workspace.changeRole", { userId: agent.id, role: "admin" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("two owners demoting each other at once: one succeeds, the workspace keeps an owner", async () => {
    const first = await ApiSession.signup(s.url, { email: "first@race.example" });
    const firstId = ok<{ user: { id: string } }>(await first.query("auth.me")).user.id;
    const second = await join(first, "second@race.example", "admin");
    ok(await first.mutation("workspace.changeRole", { userId: second.id, role: "owner" }));
    const results = await Promise.all([
      first.mutation("workspace.changeRole", { userId: second.id, role: "admin" }),
      second.session.mutation("workspace.changeRole", { userId: firstId, role: "admin" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(Object.values(await rolesOf(first)).filter((r) => r === "owner")).toHaveLength(1);
  });
});
