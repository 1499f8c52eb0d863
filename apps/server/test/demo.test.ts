// Demo mode's customers: varied real-looking people on WhatsApp, and Instagram profiles readable once they write.
import { loadChannel, subscribeChannelWebhooks } from "@sillage/channels";
import { createConnectors, ProfileConsentRequiredError } from "@sillage/connectors";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { SecretBox } from "@sillage/crypto";
import { DEMO_CUSTOMERS, startFakeGraph, type FakeGraph } from "@sillage/fake-graph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoControl, seedDemo } from "../src/demo";
import { startDemoCommenters } from "../src/demo-comments";

let db: TestDatabase;
let fake: FakeGraph;
const box = new SecretBox("test-app-secret-0123456789abcdef0123456789");

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeGraph({ port: 0 });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

describe("demo customers", () => {
  it("WhatsApp messages carry different real names; Instagram profiles are readable after a DM, refused after a comment only", async () => {
    const { workspaceId } = await seedDemo(db.db, box, fake);
    const rows = await db.db.selectFrom("channels").select(["id", "platform"]).where("workspace_id", "=", workspaceId).execute();
    const wa = (await loadChannel(db.db, box, rows.find((r) => r.platform === "whatsapp")!.id))!.channel;
    const ig = (await loadChannel(db.db, box, rows.find((r) => r.platform === "instagram")!.id))!.channel;
    const demo = demoControl(fake);

    for (let i = 0; i < 3; i++) await demo.simulate({ kind: "whatsapp_message", accountId: wa.externalId, text: "Bonjour" });
    await fake.control.flushWebhooks();
    const names = fake.control
      .deliveries()
      .filter((d) => d.product === "whatsapp")
      .map((d) => (JSON.parse(d.body) as { entry: { changes: { value: { contacts: { profile: { name: string } }[] } }[] }[] }).entry[0]!.changes[0]!.value.contacts[0]!.profile.name);
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(DEMO_CUSTOMERS.map((c) => c.name)).toContain(n);

    // The 4th customer writes on Instagram; the 5th only comments.
    await demo.simulate({ kind: "instagram_message", accountId: ig.externalId, text: "Vous livrez à Lyon ?" });
    await demo.simulate({ kind: "instagram_comment", accountId: ig.externalId, text: "Trop beau !" });
    const connectors = createConnectors({ graphUrl: fake.url, instagramGraphUrl: fake.url, instagramOauthUrl: fake.url, graphVersion: "v25.0", timeoutMs: 5_000 });
    const writer = DEMO_CUSTOMERS[3]!;
    const profile = await connectors.instagram.getUserProfile(ig, writer.igsid);
    expect(profile).toMatchObject({ name: writer.instagramName, username: writer.username });
    const picture = await connectors.instagram.fetchProfilePicture(ig, profile!.pictureUrl!);
    expect(picture.mimeType).toBe("image/jpeg");
    await expect(connectors.instagram.getUserProfile(ig, DEMO_CUSTOMERS[4]!.igsid)).rejects.toBeInstanceOf(ProfileConsentRequiredError);
  });
});

describe("demo comments", () => {
  it("the sandbox account has recent posts with comments; simulated and timed customers comment on them, signed like Meta", async () => {
    const { workspaceId } = await seedDemo(db.db, box, fake);
    const row = await db.db.selectFrom("channels").select(["id"]).where("workspace_id", "=", workspaceId).where("platform", "=", "instagram").where("status", "=", "active").executeTakeFirstOrThrow();
    const ig = (await loadChannel(db.db, box, row.id))!.channel;
    // What the worker's `channels.subscribe_webhooks` does with the job the seed queued: Instagram then sends the comments.
    const connectors = createConnectors({ graphUrl: fake.url, instagramGraphUrl: fake.url, instagramOauthUrl: fake.url, graphVersion: "v25.0", timeoutMs: 5_000 });
    expect(await subscribeChannelWebhooks(db.db, connectors, box, row.id, new Date())).toBe("subscribed");
    const posts = fake.control.published({ igUserId: ig.externalId });
    expect(posts).toHaveLength(3);
    for (const p of posts) expect(fake.control.comments({ mediaId: p.mediaId }).length).toBeGreaterThan(0);
    const newest = [...posts].sort((a, b) => b.at - a.at)[0]!;

    // A simulated comment goes under the newest post (no new post per comment).
    await demoControl(fake).simulate({ kind: "instagram_comment", accountId: ig.externalId, text: "Encore dispo ?" });
    expect(fake.control.published({ igUserId: ig.externalId })).toHaveLength(3);
    expect(fake.control.comments({ mediaId: newest.mediaId }).some((c) => c.text === "Encore dispo ?")).toBe(true);

    // Customers comment by themselves now and then.
    const before = fake.control.deliveries().filter((d) => d.product === "instagram" && d.body.includes('"comments"')).length;
    const stop = startDemoCommenters(fake, { everyMs: 40, random: () => 0.5 });
    await new Promise((r) => setTimeout(r, 300));
    stop();
    await fake.control.flushWebhooks();
    const after = fake.control.deliveries().filter((d) => d.product === "instagram" && d.body.includes('"comments"'));
    expect(after.length).toBeGreaterThan(before);
    expect(after.at(-1)!.headers["x-hub-signature-256"]).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
