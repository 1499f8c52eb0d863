import type { TestServer } from "../harness";
import { ok, type ApiSession } from "../harness";

/** A WhatsApp channel (through the API), a contact and a conversation in the browser's workspace. */
export async function seedConversation(server: TestServer, browser: ApiSession) {
  const wa = server.fake.control.createWhatsAppAccount({});
  const { id: channelId } = ok<{ id: string }>(await browser.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
  const db = server.db.db;
  const workspaceId = browser.workspaceId!;
  const contact = await db
    .insertInto("contacts")
    .values({ workspace_id: workspaceId, channel_id: channelId, platform: "whatsapp", platform_user_id: `33${Math.floor(Math.random() * 1e9)}`, display_name: "Client" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const conv = await db
    .insertInto("conversations")
    .values({ workspace_id: workspaceId, channel_id: channelId, contact_id: contact.id, platform: "whatsapp" })
    .returning("id")
    .executeTakeFirstOrThrow();
  let n = 0;
  return {
    channelId,
    conversationId: conv.id,
    workspaceId,
    /** Adds a message (customer by default) and returns its id. */
    async message(text: string, opts: { at?: Date; author?: "customer" | "agent" } = {}) {
      const author = opts.author ?? "customer";
      const row = await db
        .insertInto("messages")
        .values({
          workspace_id: workspaceId,
          conversation_id: conv.id,
          channel_id: channelId,
          direction: author === "customer" ? "in" : "out",
          author,
          type: "text",
          text,
          platform_message_id: `wamid.${conv.id}.${++n}`,
          platform_timestamp: opts.at ?? server.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },
  };
}

export const FAQ = [
  "Horaires : la boutique est ouverte du mardi au samedi, de 10 h à 19 h. Fermée le dimanche et le lundi.",
  "Livraison : nous livrons partout en France en 48 heures. La livraison est offerte dès 50 euros d'achat.",
  "Opening hours: the shop is open Tuesday to Saturday, 10am to 7pm. Closed on Sundays and Mondays.",
].join("\n\n");
