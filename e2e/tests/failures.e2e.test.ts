import { createDb } from "@sillage/db";
import { describe, expect, it } from "vitest";
import { postTrpc, queryTrpc, signUp } from "../support/session";
import { fakeGraphSuite } from "../support/suite";

const suite = fakeGraphSuite();

describe("Settings › Failures", () => {
  it("lists a failed reply for an admin, on a phone, and sends it again with the retry button", async () => {
    const wa = suite.fake.control.createWhatsAppAccount({ verifiedName: "Boulangerie Lune", displayPhoneNumber: "33600000777" });
    const context = await suite.browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signUp(page, suite.server.url, { name: "Léa Martin", email: "lea@example.com", password: "une phrase de passe longue", workspaceName: "Boulangerie Lune" });
    expect(await postTrpc(page, "channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).toBe(200);
    const [channel] = await queryTrpc<{ id: string; workspaceId?: string }[]>(page, "channels.list");
    const { db, close } = createDb(suite.server.databaseUrl);
    let outboundId: string;
    try {
      const ch = await db.selectFrom("channels").select(["id", "workspace_id"]).where("id", "=", channel!.id).executeTakeFirstOrThrow();
      const contact = await db.insertInto("contacts").values({ workspace_id: ch.workspace_id, channel_id: ch.id, platform: "whatsapp", platform_user_id: "33612345678", display_name: "Client" }).returning("id").executeTakeFirstOrThrow();
      const conv = await db.insertInto("conversations").values({ workspace_id: ch.workspace_id, channel_id: ch.id, contact_id: contact.id, platform: "whatsapp", last_inbound_at: new Date() }).returning("id").executeTakeFirstOrThrow();
      const out = await db
        .insertInto("outbound_messages")
        .values({ workspace_id: ch.workspace_id, conversation_id: conv.id, channel_id: ch.id, body: JSON.stringify({ type: "text", text: "Bonjour !" }), status: "failed", error_class: "network", error_message: "Meta ne répondait pas", automatic: false })
        .returning("id")
        .executeTakeFirstOrThrow();
      outboundId = out.id;
    } finally {
      await close();
    }

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.server.url}/settings`);
    await page.click('[data-testid="settings-failures-link"]');
    const table = page.locator('[data-testid="failed-replies"]');
    await table.locator("tbody tr").first().waitFor();
    // The error kind in the reader's language (the stored words are for rows without a kind).
    expect(await table.textContent()).toContain("Impossible de joindre WhatsApp.");
    expect(await page.textContent("h1")).toContain("Échecs");
    expect(await page.textContent("main")).toContain("Aucune publication en échec");
    // Fits a phone: the page does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);

    await page.click('[data-testid="retry-reply"]');
    await page.locator('[data-testid="failures-notice"]').waitFor();
    expect(await page.textContent('[data-testid="failures-notice"]')).toContain("Remise en file");
    const { db: db2, close: close2 } = createDb(suite.server.databaseUrl);
    try {
      const row = await db2.selectFrom("outbound_messages").select("status").where("id", "=", outboundId!).executeTakeFirstOrThrow();
      expect(["queued", "sending", "sent"]).toContain(row.status);
    } finally {
      await close2();
    }
    await context.close();
  });
});
