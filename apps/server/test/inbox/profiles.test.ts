// Instagram customers' profiles: read from the fake Graph's User Profile API over HTTP by the real job runner, cached
// on the contact with the picture in the media store, refreshed weekly, and the consent and blocked cases.
import { DEMO_CUSTOMERS } from "@sillage/fake-graph";
import { queueStaleProfiles, refreshContactProfile } from "@sillage/inbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, settle, startInboxWorld, webhooksSubscribed, type InboxWorld } from "./world";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld();
  w.server.fake.control.seedDemoCustomers({ igUserId: w.ig.igUserId });
});
afterAll(() => w.close());

const DAY = 86_400_000;

async function contactOf(igsid: string) {
  return w.server.db.db
    .selectFrom("contacts")
    .select(["id", "display_name", "username", "picture_key", "profile_status", "profile_checked_at"])
    .where("channel_id", "=", w.ig.channelId)
    .where("platform_user_id", "=", igsid)
    .executeTakeFirst();
}

async function dm(igsid: string, text: string) {
  w.server.fake.control.customerMessage({ channel: "instagram", igUserId: w.ig.igUserId, from: igsid, text });
  await settle(w);
}

const profileReads = (igsid: string) =>
  w.server.fake.control.calls().filter((c) => c.operation === "instagram.user_profile" && c.path.includes(igsid)).length;

async function profileSettled(igsid: string, status: string) {
  await expect.poll(async () => (await contactOf(igsid))?.profile_status, { timeout: 10_000, interval: 50 }).toBe(status);
  return (await contactOf(igsid))!;
}

describe("inbox.refresh_profile", () => {
  it("reads a demo customer's profile on their first DM: name, username, and the picture stored and served signed", async () => {
    const camille = DEMO_CUSTOMERS[0]!;
    await dm(camille.igsid, "Bonjour, la robe existe en 38 ?");
    const contact = await profileSettled(camille.igsid, "ok");
    expect(contact).toMatchObject({ display_name: "Camille Laurent", username: "camille.lrt" });
    expect(contact.picture_key).toMatch(new RegExp(`^${w.workspaceId}/contacts/${contact.id}\\.jpg$`));

    // The list names the customer and links the stored picture (signed), never only the IGSID.
    const list = ok<{ items: { contactId: string; contactName: string; contactUsername: string; contactAvatarUrl: string | null; channelName: string }[] }>(
      await w.owner.query("inbox.conversations", { platform: "instagram" }),
    );
    const row = list.items.find((i) => i.contactId === contact.id)!;
    expect(row).toMatchObject({ contactName: "Camille Laurent", contactUsername: "camille.lrt" });
    const picture = await fetch(row.contactAvatarUrl!);
    expect(picture.status).toBe(200);
    expect(picture.headers.get("content-type")).toBe("image/jpeg");
    const bytes = new Uint8Array(await picture.arrayBuffer());
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xff, 0xd8, 0xff]);

    // A second DM within the week does not ask Meta again.
    const reads = profileReads(camille.igsid);
    expect(reads).toBe(1);
    await dm(camille.igsid, "et en 40 ?");
    await new Promise((r) => setTimeout(r, 400));
    expect(profileReads(camille.igsid)).toBe(reads);
  });

  it("keeps a null Instagram name as null (the username is shown) and no picture when Meta has none", async () => {
    const hugo = DEMO_CUSTOMERS.find((c) => c.instagramName === null)!;
    const james = DEMO_CUSTOMERS.find((c) => c.avatarColour === null)!;
    await dm(hugo.igsid, "hello");
    await dm(james.igsid, "hi there");
    expect(await profileSettled(hugo.igsid, "ok")).toMatchObject({ display_name: null, username: hugo.username });
    expect(await profileSettled(james.igsid, "ok")).toMatchObject({ display_name: "James Whitaker", picture_key: null });
  });

  it("records consent_required for a commenter without marking the channel, skips them in the sweep, and reads them after their DM", async () => {
    const igsid = "1786669900001";
    w.server.fake.control.setInstagramProfile({ igUserId: w.ig.igUserId, igsid, name: "Nadia Commenter", username: "nadia.c", picture: true });
    // Someone known only from a comment: a contact without any DM (as a comment would leave them).
    const { id: contactId } = await w.server.db.db
      .insertInto("contacts")
      .values({ workspace_id: w.workspaceId, channel_id: w.ig.channelId, platform: "instagram", platform_user_id: igsid })
      .returning("id")
      .executeTakeFirstOrThrow();
    const deps = { db: w.server.db.db, clock: w.server.clock, connectors: w.server.connectors, secretBox: w.server.secretBox, media: w.server.media };
    expect(await refreshContactProfile(deps, { workspaceId: w.workspaceId, contactId })).toEqual({ outcome: "consent_required" });
    expect(await contactOf(igsid)).toMatchObject({ profile_status: "consent_required", display_name: null, picture_key: null });
    const channel = await w.server.db.db.selectFrom("channels").select("status").where("id", "=", w.ig.channelId).executeTakeFirstOrThrow();
    expect(channel.status).toBe("active");

    // Not before their next DM: the sweep leaves them alone, even weeks later.
    const reads = profileReads(igsid);
    expect(reads).toBe(1);
    w.server.clock.advance(15 * DAY);
    await queueStaleProfiles(deps);
    await new Promise((r) => setTimeout(r, 500));
    expect(profileReads(igsid)).toBe(reads);
    expect((await contactOf(igsid))!.profile_status).toBe("consent_required");

    await dm(igsid, "finalement je vous écris");
    expect(await profileSettled(igsid, "ok")).toMatchObject({ display_name: "Nadia Commenter", username: "nadia.c" });
  });

  it("records unavailable for a customer who blocked the business, keeping the conversation", async () => {
    const igsid = "1786669900002";
    w.server.fake.control.setInstagramProfile({ igUserId: w.ig.igUserId, igsid, name: "Blocked Person", username: "blocked.p", blocked: true });
    await dm(igsid, "message before blocking");
    expect(await profileSettled(igsid, "unavailable")).toMatchObject({ display_name: null, picture_key: null });
  });

  it("retries a transient failure, and records nothing when the channel's token is refused (no reconnect marked either)", async () => {
    const chloe = DEMO_CUSTOMERS.find((c) => c.username === "chloe.dbs")!;
    w.server.fake.control.injectFault({ kind: "transient", match: { operation: "instagram.user_profile" }, times: 1 });
    await dm(chloe.igsid, "bonjour !");
    expect(await profileSettled(chloe.igsid, "ok")).toMatchObject({ display_name: "Chloé Dubois" });
    expect(profileReads(chloe.igsid)).toBe(2);

    const ines = DEMO_CUSTOMERS.find((c) => c.username === "ines.bnl")!;
    w.server.fake.control.injectFault({ kind: "permanent", code: 190, httpStatus: 401, match: { operation: "instagram.user_profile" }, times: 1 });
    const { id: contactId } = await w.server.db.db
      .insertInto("contacts")
      .values({ workspace_id: w.workspaceId, channel_id: w.ig.channelId, platform: "instagram", platform_user_id: ines.igsid })
      .returning("id")
      .executeTakeFirstOrThrow();
    const deps = { db: w.server.db.db, clock: w.server.clock, connectors: w.server.connectors, secretBox: w.server.secretBox, media: w.server.media };
    expect(await refreshContactProfile(deps, { workspaceId: w.workspaceId, contactId })).toMatchObject({ outcome: "skipped" });
    expect(await contactOf(ines.igsid)).toMatchObject({ profile_status: null, profile_checked_at: null });
    const channel = await w.server.db.db.selectFrom("channels").select("status").where("id", "=", w.ig.channelId).executeTakeFirstOrThrow();
    expect(channel.status).toBe("active");
    // Her next DM asks again.
    await dm(ines.igsid, "salut");
    expect(await profileSettled(ines.igsid, "ok")).toMatchObject({ display_name: "Inès B." });
  });

  it("refreshes a week-old profile from the weekly sweep (injected clock), not a fresh one", async () => {
    const lea = DEMO_CUSTOMERS.find((c) => c.username === "lea.moreau.paris")!;
    await dm(lea.igsid, "coucou");
    const first = await profileSettled(lea.igsid, "ok");
    w.server.fake.control.setInstagramProfile({ igUserId: w.ig.igUserId, igsid: lea.igsid, name: "Léa M.", username: "lea.m" });
    const deps = { db: w.server.db.db, clock: w.server.clock };

    // Two days later the profile is fresh: the sweep does not read it.
    w.server.clock.advance(2 * DAY);
    const reads = profileReads(lea.igsid);
    expect(reads).toBe(1);
    await queueStaleProfiles(deps);
    await new Promise((r) => setTimeout(r, 500));
    expect(profileReads(lea.igsid)).toBe(reads);
    expect((await contactOf(lea.igsid))!.display_name).toBe("Léa Moreau 🌿");

    // Eight days after the read, it is stale: read again, new name and username, checked at the injected time.
    w.server.clock.advance(6 * DAY);
    expect(await queueStaleProfiles(deps)).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => (await contactOf(lea.igsid))!.username, { timeout: 10_000, interval: 50 }).toBe("lea.m");
    const after = (await contactOf(lea.igsid))!;
    expect(after.display_name).toBe("Léa M.");
    expect(after.profile_checked_at!.getTime() - first.profile_checked_at!.getTime()).toBeGreaterThanOrEqual(8 * DAY - 60_000);
  });
});

describe("inbox.contact (the contact panel)", () => {
  type Panel = {
    contact: { id: string; name: string | null; username: string | null; phone: string | null; avatarUrl: string | null; channelName: string; platform: string; firstSeenAt: string };
    conversations: { id: string; channelName: string; current: boolean; lastMessagePreview: string | null }[];
  };

  it("shows who the customer is and their conversations on the workspace's other Instagram account (same username)", async () => {
    const thomas = DEMO_CUSTOMERS.find((c) => c.username === "tomgirard_")!;
    const second = w.server.fake.control.createInstagramAccount({ variant: "instagram", humanAgent: true });
    const secondChannel = ok<{ id: string }>(await w.owner.mutation("channels.connectInstagram", { accessToken: second.token, humanAgent: true }));
    await webhooksSubscribed(w.server, [secondChannel.id]);
    w.server.fake.control.seedDemoCustomers({ igUserId: second.igUserId });
    w.server.fake.control.customerMessage({ channel: "instagram", igUserId: second.igUserId, from: thomas.igsid, text: "first shop" });
    await settle(w);
    await dm(thomas.igsid, "second shop");
    await profileSettled(thomas.igsid, "ok");
    const list = ok<{ items: { id: string; contactName: string; channelId: string }[] }>(await w.owner.query("inbox.conversations", { search: "tomgirard_" }));
    const here = list.items.find((i) => i.channelId === w.ig.channelId)!;
    const other = list.items.find((i) => i.channelId !== w.ig.channelId)!;
    expect(other).toBeDefined();

    const panel = ok<Panel>(await w.owner.query("inbox.contact", { conversationId: here.id }));
    expect(panel.contact).toMatchObject({ name: "Thomas Girard", username: "tomgirard_", phone: null, platform: "instagram" });
    expect((await fetch(panel.contact.avatarUrl!)).status).toBe(200);
    expect(panel.conversations.map((c) => [c.id, c.current, c.lastMessagePreview]).sort()).toEqual(
      [
        [here.id, true, "second shop"],
        [other.id, false, "first shop"],
      ].sort(),
    );
  });

  it("gives a WhatsApp customer's phone and webhook name, and nothing of another workspace's conversation", async () => {
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33639980012", text: "bonjour" });
    await settle(w);
    const list = ok<{ items: { id: string; contactName: string; platform: string }[] }>(await w.owner.query("inbox.conversations", { platform: "whatsapp" }));
    const conversation = list.items.find((i) => i.contactName === "Camille Laurent")!;
    const panel = ok<Panel>(await w.owner.query("inbox.contact", { conversationId: conversation.id }));
    expect(panel.contact).toMatchObject({ name: "Camille Laurent", phone: "+33639980012", platform: "whatsapp", avatarUrl: null });
    expect(panel.conversations).toHaveLength(1);
    expect(await w.owner.query("inbox.contact", { conversationId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});
