// Reads about the customer behind a conversation: avatars for the list and thread, and the contact panel.

import type { ScopedDb } from "@sillage/db";
import type { MediaServices } from "@sillage/media";

/** Avatars are shown to members only (the queries are member-only), and refetched often: short links suffice. */
const AVATAR_LINK_TTL_SECONDS = 3600;

/** Signed links to the stored profile pictures of these contacts (contacts without one are absent). */
export async function contactAvatars(db: ScopedDb, media: MediaServices, contactIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(contactIds)];
  if (!ids.length) return new Map();
  const rows = await db.selectFrom("contacts").select(["id", "picture_key"]).where("id", "in", ids).where("picture_key", "is not", null).execute();
  return new Map(rows.map((r) => [r.id, media.signUrl(r.picture_key!, AVATAR_LINK_TTL_SECONDS)]));
}

/** Adds `contactAvatarUrl` to rows carrying a `contactId` (the conversation list, a thread's conversation). */
export async function withContactAvatars<T extends { contactId: string }>(db: ScopedDb, media: MediaServices, rows: T[]): Promise<(T & { contactAvatarUrl: string | null })[]> {
  const avatars = await contactAvatars(
    db,
    media,
    rows.map((r) => r.contactId),
  );
  return rows.map((r) => ({ ...r, contactAvatarUrl: avatars.get(r.contactId) ?? null }));
}

/**
 * The contact panel beside a thread: who the customer is, and every conversation the workspace had with the same
 * person — the same WhatsApp number on any of the workspace's numbers, the same Instagram username on any of its
 * accounts (IGSIDs differ per account, usernames do not) — newest first, this one included and marked.
 */
export async function getContactPanel(db: ScopedDb, media: MediaServices, workspaceId: string, conversationId: string) {
  const contact = await db
    .selectFrom("conversations as c")
    .innerJoin("contacts as ct", "ct.id", "c.contact_id")
    .innerJoin("channels as ch", "ch.id", "ct.channel_id")
    .select([
      "ct.id",
      "ct.platform",
      "ct.platform_user_id as platformUserId",
      "ct.display_name as name",
      "ct.username",
      "ct.picture_key as pictureKey",
      "ct.profile_status as profileStatus",
      "ct.profile_checked_at as profileCheckedAt",
      "ct.created_at as firstSeenAt",
      "ch.id as channelId",
      "ch.display_name as channelName",
      "ch.username as channelUsername",
    ])
    .where("c.id", "=", conversationId)
    .where("c.workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!contact) return null;

  const conversations = await db
    .selectFrom("conversations as c")
    .innerJoin("contacts as ct", "ct.id", "c.contact_id")
    .innerJoin("channels as ch", "ch.id", "c.channel_id")
    .select([
      "c.id",
      "c.platform",
      "c.status",
      "c.created_at as startedAt",
      "c.last_message_at as lastMessageAt",
      "c.last_message_preview as lastMessagePreview",
      "ch.display_name as channelName",
    ])
    .where("c.workspace_id", "=", workspaceId)
    .where("ct.platform", "=", contact.platform)
    .where((eb) =>
      contact.platform === "instagram" && contact.username
        ? eb.or([eb("ct.id", "=", contact.id), eb("ct.username", "=", contact.username)])
        : eb("ct.platform_user_id", "=", contact.platformUserId),
    )
    .orderBy("c.last_message_at", "desc")
    .limit(50)
    .execute();

  const { pictureKey, ...rest } = contact;
  return {
    contact: {
      ...rest,
      // A WhatsApp id is the customer's phone number in international form.
      phone: contact.platform === "whatsapp" ? `+${contact.platformUserId}` : null,
      avatarUrl: pictureKey ? media.signUrl(pictureKey, AVATAR_LINK_TTL_SECONDS) : null,
    },
    conversations: conversations.map((c) => ({ ...c, current: c.id === conversationId })),
  };
}
