/**
 * One occurrence skipped or moved through the router (issue 16, scheduling): the skip is stored as an EXDATE in the
 * post's zone and the next occurrence takes its place; a drag moves a one-off post or one date of a series; refusals
 * travel as reason codes; an upload for a post comes back as an Instagram JPEG.
 */
import sharp from "sharp";
import { runPublication } from "@sillage/publishing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer, type TrpcResult } from "../harness";
import { connectWhatsApp, publicationsOf, waTemplate } from "./helpers";

let server: TestServer;
let owner: ApiSession;
let wa: Awaited<ReturnType<typeof connectWhatsApp>>;

beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "skip@example.com", workspaceName: "Skip" });
  wa = await connectWhatsApp(server, owner);
});
afterAll(async () => {
  await server.close();
});

const PARIS = "Europe/Paris";
const content = waTemplate(["33611119101"]);
const reasonOf = (r: TrpcResult) => (r.ok ? undefined : (r.data as { appError?: { code: string } | null }).appError?.code);
const dues = async (id: string) => (await publicationsOf(server, id)).map((p) => `${p.due_at.toISOString()} ${p.status}`);
const calendar = async (from: string, to: string, postId: string) =>
  ok<{ items: { postId: string; dueAt: string }[] }>(await owner.query("posts.calendar", { from, to })).items.filter((i) => i.postId === postId).map((i) => new Date(i.dueAt).toISOString());

const workerDeps = (now: Date) => ({ db: server.db.db, clock: { now: () => now }, connectors: server.connectors, secretBox: server.secretBox, media: server.media, logger: server.logger, workerId: "test" });

describe("one occurrence of a series", { timeout: 30_000 }, () => {
  it("changes what one date says: that occurrence goes out with it, the next ones with the series' content", async () => {
    const { id } = ok<{ id: string }>(await owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: PARIS, rrule: "FREQ=DAILY;COUNT=3", dtstart: "2031-10-25T10:00", content }));
    const changed = waTemplate(["33611119188"]);
    changed.whatsapp.template.bodyParams = ["Zoé"];
    // The second day (the clocks go back that night: 10:00 is 09:00 UTC), not yet materialized.
    ok(await owner.mutation("posts.editOccurrence", { id, occurrence: "2031-10-26T09:00:00.000Z", content: changed }));
    // Checked like a post: a bad phone number is a field error.
    const bad = await owner.mutation("posts.editOccurrence", { id, occurrence: "2031-10-26T09:00:00.000Z", content: waTemplate(["12"]) });
    expect(bad.ok ? null : Object.keys((bad.data.fieldErrors as Record<string, string[]>) ?? {})).toEqual(["content.whatsapp.audience.phones.0"]);

    const [first] = await publicationsOf(server, id);
    expect(await runPublication(workerDeps(first!.due_at), first!.id)).toBe("published");
    const second = (await publicationsOf(server, id)).find((p) => p.due_at.toISOString() === "2031-10-26T09:00:00.000Z")!;
    expect(second.content_override).toMatchObject({ whatsapp: { audience: { phones: ["+33611119188"] } } });
    expect(await runPublication(workerDeps(second.due_at), second.id)).toBe("published");
    const third = (await publicationsOf(server, id)).find((p) => p.due_at.toISOString() === "2031-10-27T09:00:00.000Z")!;
    expect(third.content_override).toBeNull();

    const sent = server.fake.control.sentMessages({ channel: "whatsapp" });
    const to = (phone: string) => sent.filter((m) => m.to.replace(/^\+/, "") === phone);
    expect(to("33611119188")).toHaveLength(1);
    expect(JSON.stringify(to("33611119188")[0]!.body)).toContain("Zoé");
    expect(to("33611119101").length).toBeGreaterThanOrEqual(1);
  });


  it("skips the materialized Sunday across the spring change: the next one is queued at 09:00 summer time", async () => {
    // Sundays 09:00 Paris; 2031-03-30 is the day the clocks go forward.
    const { id } = ok<{ id: string }>(await owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: PARIS, rrule: "FREQ=WEEKLY;BYDAY=SU", dtstart: "2031-03-23T09:00", content }));
    expect(await dues(id)).toEqual(["2031-03-23T08:00:00.000Z queued"]);
    const res = ok<{ nextDueAt: string; skipped: string }>(await owner.mutation("posts.skipOccurrence", { id, occurrence: "2031-03-23T08:00:00.000Z" }));
    expect(res.skipped).toBe("2031-03-23T09:00:00");
    expect(await dues(id)).toEqual(["2031-03-30T07:00:00.000Z queued"]);
    const post = ok<{ exdates: string[] }>(await owner.query("posts.get", { id }));
    expect(post.exdates).toEqual(["2031-03-23T09:00"]);
    // A planned (not yet materialized) Sunday is skipped too, and the calendar no longer shows either.
    ok(await owner.mutation("posts.skipOccurrence", { id, occurrence: "2031-04-06T07:00:00.000Z" }));
    expect(await calendar("2031-03-20T00:00:00Z", "2031-04-21T00:00:00Z", id)).toEqual(["2031-03-30T07:00:00.000Z", "2031-04-13T07:00:00.000Z", "2031-04-20T07:00:00.000Z"]);
    // Not an occurrence (a Monday), or skipped already: a code, not a crash.
    expect(reasonOf(await owner.mutation("posts.skipOccurrence", { id, occurrence: "2031-04-07T07:00:00.000Z" }))).toBe("occurrence_not_an_occurrence");
    expect(reasonOf(await owner.mutation("posts.skipOccurrence", { id, occurrence: "2031-03-23T08:00:00.000Z" }))).toBe("occurrence_not_an_occurrence");
  });

  it("moves one date of a series (drag) and the rest keeps its time; moving it again replaces the override", async () => {
    const { id } = ok<{ id: string }>(await owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: PARIS, rrule: "FREQ=WEEKLY;BYDAY=SU;COUNT=3", dtstart: "2031-03-23T09:00", content }));
    // The materialized first Sunday to Saturday 18:00 (winter time), given as local time.
    ok(await owner.mutation("posts.reschedule", { id, occurrence: "2031-03-23T08:00:00.000Z", at: "2031-03-22T18:00", timeZone: PARIS }));
    expect(await dues(id)).toEqual(["2031-03-22T17:00:00.000Z queued"]);
    // The same occurrence again, from where it now is, to Saturday 20:00.
    ok(await owner.mutation("posts.reschedule", { id, occurrence: "2031-03-22T17:00:00.000Z", at: "2031-03-22T19:00:00.000Z", timeZone: PARIS }));
    const post = ok<{ overrides: { occurrence: string; at: string }[] }>(await owner.query("posts.get", { id }));
    expect(post.overrides).toEqual([{ occurrence: "2031-03-23T09:00:00", at: "2031-03-22T20:00:00" }]);
    expect(await calendar("2031-03-20T00:00:00Z", "2031-04-21T00:00:00Z", id)).toEqual(["2031-03-22T19:00:00.000Z", "2031-03-30T07:00:00.000Z", "2031-04-06T07:00:00.000Z"]);
    expect(reasonOf(await owner.mutation("posts.reschedule", { id, occurrence: "2031-03-30T07:00:00.000Z", at: "2025-03-01T10:00", timeZone: PARIS }))).toBe("occurrence_in_the_past");
  });

  it("moves a one-off post and refuses a time in the past", async () => {
    const { id } = ok<{ id: string }>(await owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: PARIS, publishAt: "2031-03-25T10:00", content }));
    ok(await owner.mutation("posts.reschedule", { id, occurrence: "2031-03-25T09:00:00.000Z", at: "2031-03-26T15:00", timeZone: PARIS }));
    expect(await dues(id)).toEqual(["2031-03-26T14:00:00.000Z queued"]);
    expect(reasonOf(await owner.mutation("posts.skipOccurrence", { id, occurrence: "2031-03-26T14:00:00.000Z" }))).toBe("occurrence_not_series");
  });
});

/** A one-colour PNG, encoded by sharp (the library the server converts uploads with). */
function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 102, g: 102, b: 102 } } }).png().toBuffer();
}

describe("an image uploaded for a post", () => {
  it("comes back as a JPEG within Instagram's limits, saying what was converted", async () => {
    const image = (await png(1200, 2400)).toString("base64");
    const asset = ok<{ mimeType: string; width: number; height: number; conversion: { from: string; croppedTo: string } | null }>(
      await owner.mutation("media.upload", { data: `data:image/png;base64,${image}`, filename: "poster.png", purpose: "post" }),
    );
    expect(asset).toMatchObject({ mimeType: "image/jpeg", width: 1200, height: 1500, conversion: { from: "image/png", croppedTo: "4:5" } });
    // Replies keep the file as it is.
    const kept = ok<{ mimeType: string; conversion: unknown }>(await owner.mutation("media.upload", { data: `data:image/png;base64,${image}` }));
    expect(kept).toMatchObject({ mimeType: "image/png", conversion: null });
  });
});
