import { describe, expect, it } from "vitest";
import { acceptedMediaType, assertMaySend, decodeCursor, encodeCursor, InboxError, replyWindow, STATUS_RANK, toMessageStatus, type SendCheck } from "../src";

const now = new Date("2026-03-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const base: SendCheck = {
  workspaceId: "w",
  conversationId: "c",
  platform: "whatsapp",
  channelStatus: "active",
  humanAgent: false,
  lastInboundAt: hoursAgo(1),
  body: { type: "text", text: "hi" },
  automatic: false,
  now,
};
const db = {} as never;

async function refusal(c: Partial<SendCheck>): Promise<InboxError | null> {
  try {
    await assertMaySend(db, { ...base, ...c });
    return null;
  } catch (err) {
    if (err instanceof InboxError) return err;
    throw err;
  }
}

describe("status ranks", () => {
  it("only climb: sent < delivered < read, failed never undoes a read", () => {
    expect(STATUS_RANK.sent).toBeLessThan(STATUS_RANK.delivered);
    expect(STATUS_RANK.delivered).toBeLessThan(STATUS_RANK.read);
    expect(STATUS_RANK.failed).toBeGreaterThan(STATUS_RANK.sent);
    expect(STATUS_RANK.failed).toBeLessThan(STATUS_RANK.read);
    expect(toMessageStatus("played")).toBe("read");
    expect(toMessageStatus("deleted")).toBeNull();
  });
});

describe("assertMaySend: the 24 h windows", () => {
  it("WhatsApp: free text inside 24 h, only templates after (and says so)", async () => {
    expect(await refusal({ lastInboundAt: hoursAgo(23.9) })).toBeNull();
    const late = await refusal({ lastInboundAt: hoursAgo(24.1) });
    expect(late).toMatchObject({ code: "window_closed", templatesAvailable: true });
    expect(await refusal({ lastInboundAt: hoursAgo(200), body: { type: "template", name: "t", language: "fr" } })).toBeNull();
    expect(await refusal({ lastInboundAt: null })).toMatchObject({ code: "window_closed" });
  });

  it("Instagram: 24 h for everyone, up to 7 days for a person with HUMAN_AGENT, never for automatic replies", async () => {
    const ig = { platform: "instagram" as const };
    expect(await refusal({ ...ig, lastInboundAt: hoursAgo(2) })).toBeNull();
    expect(await refusal({ ...ig, lastInboundAt: hoursAgo(30), humanAgent: true })).toBeNull();
    expect(await refusal({ ...ig, lastInboundAt: hoursAgo(30), humanAgent: false })).toMatchObject({ code: "window_closed" });
    expect(await refusal({ ...ig, lastInboundAt: hoursAgo(30), humanAgent: true, automatic: true })).toMatchObject({ code: "window_closed" });
    expect(await refusal({ ...ig, lastInboundAt: hoursAgo(24 * 7 + 1), humanAgent: true })).toMatchObject({ code: "window_closed" });
    expect(await refusal({ ...ig, body: { type: "template", name: "t", language: "fr" } })).toMatchObject({ code: "invalid_input" });
  });

  it("refuses a channel that needs reconnecting", async () => {
    expect(await refusal({ channelStatus: "needs_reconnect" })).toMatchObject({ code: "channel_unavailable" });
  });

  it("replyWindow tells the reply box the same thing", () => {
    expect(replyWindow({ platform: "whatsapp", lastInboundAt: hoursAgo(25), humanAgent: false }, now)).toMatchObject({ open: false, templatesOnly: true });
    expect(replyWindow({ platform: "instagram", lastInboundAt: hoursAgo(25), humanAgent: true }, now)).toMatchObject({ open: true, templatesOnly: false });
  });
});

describe("media type check", () => {
  it("trusts the bytes, keeps documents as downloads, refuses the rest", () => {
    expect(acceptedMediaType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), "application/octet-stream")).toBe("image/jpeg");
    expect(acceptedMediaType(new TextEncoder().encode("hello"), "text/plain")).toBe("application/octet-stream");
    expect(acceptedMediaType(new TextEncoder().encode("<svg onload=alert(1)>"), "image/svg+xml")).toBeNull();
    expect(acceptedMediaType(new TextEncoder().encode("<html>"), "text/html")).toBeNull();
  });
});

describe("cursors", () => {
  it("round-trip and reject garbage", () => {
    const c = { at: now, id: "0b6c2a43-8d5f-4a55-9a43-5a2d8b2a1f10" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("bm9wZQ")).toBeNull();
  });
});
