// Notification settings over the API (issue 20): each member's e-mail settings (zone, quiet hours, digest) are their
// own; escalation thresholds are read by every member and set by admins only; bad values are refused as field errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const valid = { timeZone: "Europe/Lisbon", quietFrom: 21, quietTo: 8, emailMode: "daily", digestHour: 18 };

describe("notification settings API", () => {
  it("e-mail settings are per member; thresholds are set by admins only; bad values are refused", async () => {
    const owner = await ApiSession.signup(s.url, { email: "owner@notif.example" });
    const agent = await ApiSession.join(owner, { email: "agent@notif.example", role: "agent" });
    const admin = await ApiSession.join(owner, { email: "admin@notif.example", role: "admin" });

    // Defaults: the workspace's zone, 22 h → 7 h, immediate.
    expect(ok(await agent.query("notifications.emailSettings.get"))).toEqual({ timeZone: null, workspaceTimeZone: "Europe/Paris", quietFrom: 22, quietTo: 7, emailMode: "immediate", digestHour: 8 });
    expect(ok(await agent.mutation("notifications.emailSettings.set", valid))).toMatchObject({ ...valid, workspaceTimeZone: "Europe/Paris" });
    // Another member's settings are untouched.
    expect(ok(await owner.query("notifications.emailSettings.get"))).toMatchObject({ timeZone: null, emailMode: "immediate" });

    for (const bad of [{ quietFrom: 24 }, { quietTo: -1 }, { digestHour: 7.5 }, { emailMode: "weekly" }, { timeZone: "Mars/Olympus" }]) {
      const res = await agent.mutation("notifications.emailSettings.set", { ...valid, ...bad });
      expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    }
    expect(ok(await agent.query("notifications.emailSettings.get"))).toMatchObject(valid);

    // Thresholds: everyone reads, agents may not set, admins may.
    const channel = ok<{ channels: unknown[]; defaultMinutes: number }>(await agent.query("notifications.thresholds.get"));
    expect(channel).toEqual({ defaultMinutes: 15, channels: [] });
    expect(await agent.mutation("notifications.thresholds.set", { defaultMinutes: 5 })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(ok(await admin.mutation("notifications.thresholds.set", { defaultMinutes: 5 }))).toEqual({ defaultMinutes: 5, channels: [] });
    for (const bad of [{ defaultMinutes: 0 }, { defaultMinutes: 1441 }, { defaultMinutes: "5" }, { channels: [{ channelId: "nope", minutes: 5 }] }]) {
      expect(await admin.mutation("notifications.thresholds.set", bad)).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    }
    expect(await admin.mutation("notifications.thresholds.set", { channels: [{ channelId: crypto.randomUUID(), minutes: 5 }] })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(ok<{ defaultMinutes: number }>(await owner.query("notifications.thresholds.get")).defaultMinutes).toBe(5);
  });
});
