// A message and its edit delivered apart, applied at the same moment by two workers: the messages unique index orders
// them (the edit's placeholder or the message, whichever inserts first; the other waits for its commit), so the
// message always ends on the edit, whichever wins, with no lock taken by the message's own insert.
import { systemClock } from "@sillage/time";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxDeps } from "../src";
import { applyEdit } from "../src/ingest/appliers/edits";
import { ingestMessage } from "../src/ingest/appliers/messages";
import type { RoutedChannel, Trx } from "../src/ingest/routing";
import { seedInstagramChannel } from "./channel";

let t: TestDatabase;
let ch: RoutedChannel;
let deps: InboxDeps;
beforeAll(async () => {
  t = await createTestDatabase();
  const { workspaceId, channelId } = await seedInstagramChannel(t.db, "edit-races");
  ch = { id: channelId, workspaceId, platform: "instagram", burstWindowSeconds: 60 };
  deps = { db: t.db, clock: systemClock } as InboxDeps;
});
afterAll(() => t.drop());

const t0 = Date.parse("2026-12-04T10:00:00Z");
const message = (mid: string) => ({ platformMessageId: mid, from: { id: `IGSID-${mid}` }, type: "text" as const, text: "En rouge", attachments: [], replyTo: null, timestamp: new Date(t0), raw: { messageType: "text" } });
const edit = (mid: string) => ({ type: "message_edited" as const, platform: "instagram" as const, accountId: "1784", timestamp: new Date(t0 + 5_000).toISOString(), messageId: mid, from: { id: `IGSID-${mid}` }, text: "En bleu", editNumber: 1, editKey: `${mid}#1` });

/** Runs `first` in a transaction left open, then `second` beside it, and commits `first` once `second` had time to wait. */
async function race(first: (trx: Trx) => Promise<unknown>, second: (trx: Trx) => Promise<unknown>) {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let firstDone!: () => void;
  const applied = new Promise<void>((r) => (firstDone = r));
  const a = t.db.transaction().execute(async (trx) => {
    const out = await first(trx);
    firstDone();
    await held;
    return out;
  });
  await applied;
  const b = t.db.transaction().execute(second);
  await new Promise((r) => setTimeout(r, 300));
  release();
  return Promise.all([a, b]);
}

async function storedRows(mid: string) {
  const rows = await t.db.selectFrom("messages").select(["id", "text", "original_text", "edit_count", "raw", "conversation_id"]).where("platform_message_id", "=", mid).execute();
  const edits = await t.db.selectFrom("message_edits").select("message_id").where("platform_message_id", "=", mid).execute();
  const conv = await t.db.selectFrom("conversations").select("unread_count").where("id", "=", rows[0]!.conversation_id).executeTakeFirstOrThrow();
  return { rows, edits, unread: conv.unread_count };
}

describe("a message and its edit applied at once", () => {
  it("the message inserted first: the edit waits for it and applies to it", async () => {
    const [fresh] = await race(
      (trx) => ingestMessage(trx, deps, ch, message("m-race-1")),
      (trx) => applyEdit(trx, ch, edit("m-race-1")),
    );
    expect(fresh).toBe(true);
    const { rows, edits, unread } = await storedRows("m-race-1");
    expect(rows).toMatchObject([{ text: "En bleu", original_text: "En rouge", edit_count: 1, raw: { messageType: "text" } }]);
    expect(edits).toEqual([{ message_id: rows[0]!.id }]);
    expect(unread).toBe(1);
  });

  it("the edit's placeholder inserted first: the message waits for it and fills it, as a new message", async () => {
    const [, fresh] = await race(
      (trx) => applyEdit(trx, ch, edit("m-race-2")),
      (trx) => ingestMessage(trx, deps, ch, message("m-race-2")),
    );
    expect(fresh).toBe(true);
    const { rows, edits, unread } = await storedRows("m-race-2");
    expect(rows).toMatchObject([{ text: "En bleu", original_text: "En rouge", edit_count: 1, raw: { messageType: "text" } }]);
    expect(edits).toEqual([{ message_id: rows[0]!.id }]);
    expect(unread).toBe(1);
  });
});
