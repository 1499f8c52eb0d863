import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, FakeGraphClient, startFakeGraph, type FakeGraph } from "../src/index.js";
import { call } from "./helpers.js";

const FIELDS = "name,username,profile_pic,follower_count,is_user_follow_business,is_business_follow_user,is_verified_user";
const DAY = 86_400_000;

let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFakeGraph();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.control.reset();
});

function messagedCustomer(igsid = "9123456789012345") {
  const ig = fake.control.createInstagramAccount();
  fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from: igsid, text: "Bonjour" });
  return { ig, igsid };
}

describe("Instagram User Profile API", () => {
  it("answers the asked fields of a person who messaged, with a JPEG picture at an expiring link", async () => {
    const { ig, igsid } = messagedCustomer();
    fake.control.setInstagramProfile({
      igUserId: ig.igUserId, igsid, name: "Camille Laurent", username: "camille.lrt", picture: true, followerCount: 812, isUserFollowBusiness: true,
    });
    const r = await call(fake.url, "GET", `/v25.0/${igsid}?fields=${FIELDS}`, { token: ig.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      name: "Camille Laurent", username: "camille.lrt", follower_count: 812,
      is_user_follow_business: true, is_business_follow_user: false, is_verified_user: false,
    });
    expect(Object.keys(r.json)).not.toContain("id");
    expect(r.headers.get("x-business-use-case-usage")).toContain(ig.igUserId);

    const pic = await fetch(r.json.profile_pic as string);
    expect(pic.status).toBe(200);
    expect(pic.headers.get("content-type")).toBe("image/jpeg");
    const bytes = new Uint8Array(await pic.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);

    // Meta's picture links expire: three days later the same link is refused; a new read hands out a fresh one.
    fake.control.advance({ ms: 3 * DAY });
    const expired = await fetch(r.json.profile_pic as string);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe("URL signature expired");
    const again = await call(fake.url, "GET", `/v25.0/${igsid}?fields=profile_pic`, { token: ig.token });
    expect(again.json.profile_pic).not.toBe(r.json.profile_pic);
    expect((await fetch(again.json.profile_pic as string)).status).toBe(200);
  });

  it("answers null name and picture when the person has none", async () => {
    const { ig, igsid } = messagedCustomer();
    fake.control.setInstagramProfile({ igUserId: ig.igUserId, igsid, name: null, username: "hugo_ptt", picture: null });
    const r = await call(fake.url, "GET", `/v25.0/${igsid}?fields=name,username,profile_pic`, { token: ig.token });
    expect(r.json).toEqual({ name: null, username: "hugo_ptt", profile_pic: null });
  });

  it("refuses a person who only commented with Meta's consent error, until they write", async () => {
    const ig = fake.control.createInstagramAccount();
    const media = fake.control.seedInstagramMedia({ igUserId: ig.igUserId });
    fake.control.customerComment({ mediaId: media.id, from: "9555000111222333", username: "commenter", text: "Prix ?" });
    const r = await call(fake.url, "GET", `/v25.0/9555000111222333?fields=name,username`, { token: ig.token });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 230, type: "OAuthException", message: "(#230) User consent is required to access user profile" });
    expect(r.json.error.fbtrace_id).toBeTruthy();

    fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from: "9555000111222333", text: "Et en 38 ?" });
    const after = await call(fake.url, "GET", `/v25.0/9555000111222333?fields=username`, { token: ig.token });
    expect(after.json).toEqual({ username: "user_9555000111222333" });
  });

  it("takes consent given without a DM (icebreaker) from the control", async () => {
    const ig = fake.control.createInstagramAccount();
    fake.control.setInstagramProfile({ igUserId: ig.igUserId, igsid: "9666", username: "ice.breaker", consented: true });
    const r = await call(fake.url, "GET", `/v25.0/9666?fields=username`, { token: ig.token });
    expect(r.json).toEqual({ username: "ice.breaker" });
  });

  it("returns nothing for a person who blocked the business", async () => {
    const { ig, igsid } = messagedCustomer();
    fake.control.setInstagramProfile({ igUserId: ig.igUserId, igsid, name: "Thomas Girard", blocked: true });
    const r = await call(fake.url, "GET", `/v25.0/${igsid}?fields=${FIELDS}`, { token: ig.token });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
  });

  it("rejects unknown fields in Meta's error shape", async () => {
    const { ig, igsid } = messagedCustomer();
    const r = await call(fake.url, "GET", `/v25.0/${igsid}?fields=name,email`, { token: ig.token });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 100, type: "OAuthException", message: "(#100) Tried accessing nonexisting field (email) on node type (User)" });
  });

  it("checks the token like every route, and hides a person from accounts they never met", async () => {
    const { ig, igsid } = messagedCustomer();
    expect((await call(fake.url, "GET", `/v25.0/${igsid}?fields=name`)).json.error.code).toBe(104);
    expect((await call(fake.url, "GET", `/v25.0/${igsid}?fields=name`, { token: "IGAAnope" })).json.error.code).toBe(190);
    fake.control.advance({ ms: 61 * DAY });
    const expired = await call(fake.url, "GET", `/v25.0/${igsid}?fields=name`, { token: ig.token });
    expect(expired.json.error).toMatchObject({ code: 190, error_subcode: 463 });
    const other = fake.control.createInstagramAccount();
    const hidden = await call(fake.url, "GET", `/v25.0/${igsid}?fields=name`, { token: other.token });
    expect(hidden.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("works over the Facebook-login host with the Page token, and logs the operation", async () => {
    const ig = fake.control.createInstagramAccount({ variant: "facebook" });
    fake.control.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from: "9777", text: "Hello" });
    fake.control.setInstagramProfile({ igUserId: ig.igUserId, igsid: "9777", name: "Emily Carter", username: "emilycarter.ldn" });
    const r = await call(fake.url, "GET", `/v25.0/9777?fields=name,username`, { token: ig.token });
    expect(r.json).toEqual({ name: "Emily Carter", username: "emilycarter.ldn" });
    expect(fake.control.calls().at(-1)).toMatchObject({ operation: "instagram.user_profile", status: 200 });
  });

  it("seeds the demo customers (over the HTTP control too), with varied WhatsApp names", async () => {
    const client = new FakeGraphClient(fake.url);
    const ig = await client.createInstagramAccount();
    const seeded = await client.seedDemoCustomers({ igUserId: ig.igUserId });
    expect(seeded.length).toBe(DEMO_CUSTOMERS.length);
    const lea = DEMO_CUSTOMERS.find((c) => c.username === "lea.moreau.paris")!;
    await client.customerMessage({ channel: "instagram", igUserId: ig.igUserId, from: lea.igsid, text: "Bonjour" });
    const r = await call(fake.url, "GET", `/v25.0/${lea.igsid}?fields=name,username,profile_pic`, { token: ig.token });
    expect(r.json).toMatchObject({ name: "Léa Moreau 🌿", username: "lea.moreau.paris" });
    expect(r.json.profile_pic).toMatch(/\/ig_profile_pic\/[0-9a-f]+\.jpg\?oe=[0-9A-F]+$/);

    const names = new Set(DEMO_CUSTOMERS.map((c) => c.name));
    expect(names.size).toBe(DEMO_CUSTOMERS.length);
    const wa = fake.control.createWhatsAppAccount();
    fake.control.configureWebhooks({ whatsapp: { url: "http://127.0.0.1:9/unused" }, retry: false });
    for (const c of DEMO_CUSTOMERS.slice(0, 3)) fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: c.waId, text: "Salut" });
    await fake.control.flushWebhooks();
    const sent = fake.control.deliveries().filter((d) => d.product === "whatsapp").map((d) => (JSON.parse(d.body) as { entry: { changes: { value: { contacts: { profile: { name: string } }[] } }[] }[] }).entry[0]!.changes[0]!.value.contacts[0]!.profile.name);
    expect(sent).toEqual(DEMO_CUSTOMERS.slice(0, 3).map((c) => c.name));
  });

  it("control input is validated", async () => {
    const ig = fake.control.createInstagramAccount();
    expect(() => fake.control.setInstagramProfile({ igUserId: ig.igUserId, igsid: "1", followerCount: -1 })).toThrow();
    expect(() => fake.control.setInstagramProfile({ igUserId: "17841nope", igsid: "1" })).toThrow(/unknown Instagram account/);
  });
});
