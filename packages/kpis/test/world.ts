// A tiny world of source rows written straight to the owners' tables (tests only), with explicit instants.
import type { Database } from "@sillage/db";

let seq = 0;
const uid = () => `${Date.now().toString(36)}-${++seq}`;

export async function workspace(db: Database, timeZone: string) {
  const ws = await db.insertInto("workspaces").values({ slug: `kpi-${uid()}`, name: `KPI ${timeZone}`, time_zone: timeZone }).returning("id").executeTakeFirstOrThrow();
  const channel = async (platform: "whatsapp" | "instagram") =>
    (await db.insertInto("channels").values({ workspace_id: ws.id, platform, external_id: `ext-${uid()}`, display_name: platform, token_ciphertext: Buffer.from("x"), token_key_id: "k" }).returning("id").executeTakeFirstOrThrow()).id;
  const wa = await channel("whatsapp");
  const ig = await channel("instagram");
  return { id: ws.id, wa, ig };
}

export async function conversation(db: Database, workspaceId: string, channelId: string) {
  const contact = await db.insertInto("contacts").values({ workspace_id: workspaceId, channel_id: channelId, platform: "whatsapp", platform_user_id: `u-${uid()}` }).returning("id").executeTakeFirstOrThrow();
  return (await db.insertInto("conversations").values({ workspace_id: workspaceId, channel_id: channelId, contact_id: contact.id, platform: "whatsapp" }).returning("id").executeTakeFirstOrThrow()).id;
}

type Who = "customer" | "agent" | "ai" | "system";
export async function message(db: Database, workspaceId: string, channelId: string, conversationId: string, who: Who, at: string, status?: "failed") {
  return (
    await db
      .insertInto("messages")
      .values({ workspace_id: workspaceId, channel_id: channelId, conversation_id: conversationId, direction: who === "customer" ? "in" : "out", author: who, type: "text", text: who, status: who === "customer" ? null : (status ?? "sent"), platform_timestamp: new Date(at) })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

export async function decision(db: Database, workspaceId: string, conversationId: string | null, triage: "AUTO_REPLY" | "ESCALATE" | "IGNORE", at: string, outcome: "sent" | "pending" | "not_applicable" = "not_applicable", commentId?: string) {
  return (
    await db
      .insertInto("ai_decisions")
      .values({ workspace_id: workspaceId, conversation_id: conversationId, comment_id: commentId ?? null, batch_key: `b-${uid()}`, triage, confidence: 0.9, reason: "test", snapshot: {}, outcome, created_at: new Date(at) })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

export async function comment(db: Database, workspaceId: string, channelId: string, media: string, at: string, own = false) {
  return (
    await db
      .insertInto("comments")
      .values({ workspace_id: workspaceId, channel_id: channelId, platform_media_id: media, platform_comment_id: `c-${uid()}`, text: "nice", own, platform_timestamp: new Date(at) })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

export async function published(db: Database, workspaceId: string, channelId: string, at: string) {
  const post = await db.insertInto("scheduled_posts").values({ workspace_id: workspaceId, content: {}, publish_at: new Date(at), time_zone: "UTC" }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("post_publications").values({ workspace_id: workspaceId, post_id: post.id, channel_id: channelId, due_at: new Date(at), status: "published", published_at: new Date(at) }).execute();
}

/** The stored windows of a workspace (total when channel is null), as compact objects keyed by ISO start. */
export async function stored(db: Database, workspaceId: string, channelId: string | null = null) {
  const rows = await db
    .selectFrom("kpi_windows")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where((eb) => (channelId ? eb("channel_id", "=", channelId) : eb("channel_id", "is", null)))
    .orderBy("window_start")
    .execute();
  return Object.fromEntries(
    rows.map((r) => [
      r.window_start.toISOString(),
      {
        end: r.window_end.toISOString(),
        messages: r.messages_count,
        comments: r.comments_count,
        turns: r.turns_count,
        frt: r.frt_samples,
        human: r.frt_human_samples,
        p50: r.frt_p50_seconds,
        humanP50: r.frt_human_p50_seconds,
        unanswered: r.unanswered_turns,
        decisions: r.decisions_count,
        sent: r.auto_replies_sent,
        rate: r.auto_reply_rate,
        escalate: r.escalate_count,
        ignored: r.ignored_count,
        published: r.posts_published,
        active: r.posts_active,
      },
    ]),
  );
}

export const zero = { messages: 0, comments: 0, turns: 0, frt: [], human: [], p50: null, humanP50: null, unanswered: 0, decisions: 0, sent: 0, rate: null, escalate: 0, ignored: 0, published: 0, active: 0 };
