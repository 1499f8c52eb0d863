// A window's figures are visible within 10 minutes of its end: the job schedules itself a minute after the next
// window end (injected clock), and that run aggregates a message written a few seconds before the end.
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { sql } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import handler from "../src/jobs/kpi-aggregate";
import { WINDOW_END_JOB_KEY } from "../src";
import { conversation, message, stored, workspace } from "./world";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, child: () => logger } as never;
const run = (at: string) => handler({ reason: "cron" }, { db: db.db, clock: { now: () => new Date(at) }, logger, helpers: {} } as never);
const pending = async () =>
  (await sql<{ run_at: Date }>`select run_at from graphile_worker._private_jobs where key = ${WINDOW_END_JOB_KEY}`.execute(db.db)).rows.map((r) => r.run_at.toISOString());

describe("kpis.kpi_aggregate_2h", () => {
  it("runs a minute after each window ends, in every zone in use, and that run shows the window", async () => {
    const ws = await workspace(db.db, "Europe/Paris");
    await workspace(db.db, "Asia/Kolkata");
    const c = await conversation(db.db, ws.id, ws.wa);
    // 01:58Z on the spring day: Paris' 1-hour 02–04 window ends at 02:00Z, Kolkata's 06–08 at 02:30Z.
    await run("2027-03-28T01:58:00Z");
    expect(await pending()).toEqual(["2027-03-28T02:01:00.000Z"]);
    const end = new Date("2027-03-28T02:00:00Z");
    expect(new Date((await pending())[0]!).getTime() - end.getTime()).toBeLessThanOrEqual(10 * 60_000);
    // A message 30 s before the end, then the scheduled run: the window holds it.
    await message(db.db, ws.id, ws.wa, c, "customer", "2027-03-28T01:59:30Z");
    await run("2027-03-28T02:01:00Z");
    expect((await stored(db.db, ws.id))["2027-03-28T01:00:00.000Z"]).toMatchObject({ end: "2027-03-28T02:00:00.000Z", messages: 1, turns: 1, unanswered: 1 });
    // The next one is Kolkata's window end (02:30Z), then Paris' 04–06 (04:00Z).
    expect(await pending()).toEqual(["2027-03-28T02:31:00.000Z"]);
  });
});

describe("demo history", () => {
  it("fills nine days of ended windows, channels summing to the total, once", async () => {
    const { seedDemoKpiHistory } = await import("../src");
    const ws = await workspace(db.db, "Europe/Paris");
    const now = new Date("2027-03-29T10:15:00Z");
    const n = await seedDemoKpiHistory(db.db, ws.id, now);
    expect(await seedDemoKpiHistory(db.db, ws.id, now)).toBe(0);
    const total = await stored(db.db, ws.id);
    const keys = Object.keys(total);
    expect(n).toBe(keys.length * 3); // total + two channels
    expect(keys.length).toBeGreaterThan(9 * 12 - 12);
    expect(keys.every((k) => new Date(total[k]!.end) <= now)).toBe(true);
    const wa = await stored(db.db, ws.id, ws.wa);
    const ig = await stored(db.db, ws.id, ws.ig);
    for (const k of keys) {
      expect(total[k]!.messages).toBe(wa[k]!.messages + ig[k]!.messages);
      expect(total[k]!.frt).toHaveLength(total[k]!.turns);
    }
    expect(keys.reduce((s, k) => s + total[k]!.messages, 0)).toBeGreaterThan(500);
  });

  it("follows a channel replaced since (a restart connected its platform again): per-channel history on the new id, still summing to the total", async () => {
    const { seedDemoKpiHistory } = await import("../src");
    const ws = await workspace(db.db, "Europe/Paris");
    const first = new Date("2027-03-29T10:15:00Z");
    await seedDemoKpiHistory(db.db, ws.id, first);
    const before = await stored(db.db, ws.id, ws.wa);
    // The WhatsApp channel was replaced: the old row disconnected, a new one connected.
    await db.db.updateTable("channels").set({ status: "disconnected" }).where("id", "=", ws.wa).execute();
    const wa2 = (await db.db.insertInto("channels").values({ workspace_id: ws.id, platform: "whatsapp", external_id: `ext-new-${ws.id}`, display_name: "whatsapp", token_ciphertext: Buffer.from("x"), token_key_id: "k" }).returning("id").executeTakeFirstOrThrow()).id;
    // Restarted the next morning.
    const later = new Date("2027-03-30T08:05:00Z");
    await seedDemoKpiHistory(db.db, ws.id, later);
    const total = await stored(db.db, ws.id);
    const moved = await stored(db.db, ws.id, wa2);
    const ig = await stored(db.db, ws.id, ws.ig);
    expect(Object.keys(await stored(db.db, ws.id, ws.wa))).toEqual([]);
    for (const k of Object.keys(before)) expect(moved[k]).toEqual(before[k]);
    for (const k of Object.keys(total)) expect(total[k]!.messages).toBe(moved[k]!.messages + ig[k]!.messages);
  });
});
