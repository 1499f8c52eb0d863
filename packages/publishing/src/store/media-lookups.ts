/**
 * The SQL of media lookups (orchestrated by ../media-lookup.ts): a live Instagram post waiting for its media id and
 * permalink, the lookups' schedule, the id once found.
 */
import { sql, type Database } from "@sillage/db";
import { publicationReason, reasonText, statusReasonColumns } from "../reasons";
import { enqueueMediaLookup, type Db } from "./posts";

/** Waits before lookup 1, 2, …; after the last one Sillage stops looking. */
export const DEFAULT_MEDIA_LOOKUP_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000];

export const LINK_PENDING_REASON = reasonText("link_pending");
export const LINK_NOT_FOUND_REASON = reasonText("link_not_found");

/** Marks the first lookup of a publication just published without its media id (in the caller's transaction). */
export async function scheduleMediaLookup(db: Db, p: { publicationId: string; workspaceId: string }, now: Date, delaysMs = DEFAULT_MEDIA_LOOKUP_DELAYS_MS): Promise<void> {
  const at = new Date(now.getTime() + (delaysMs[0] ?? 30_000));
  await db.updateTable("post_publications").set({ media_lookup_at: at, media_lookups: 0, ...statusReasonColumns(LINK_PENDING_REASON, publicationReason("link_pending")) }).where("id", "=", p.publicationId).execute();
  await enqueueMediaLookup(db, p, at);
}

/** The publication as a lookup reads it, with its post's content (the caption to look for). */
export async function loadMediaLookup(db: Database, publicationId: string) {
  return db
    .selectFrom("post_publications as p")
    .innerJoin("scheduled_posts as s", "s.id", "p.post_id")
    .select(["p.id", "p.workspace_id", "p.post_id", "p.channel_id", "p.due_at", "p.status", "p.platform_post_id", "p.progress", "p.publishing_at", "p.media_lookup_at", "p.media_lookups", sql<unknown>`coalesce(p.content_override, s.content)`.as("content")])
    .where("p.id", "=", publicationId)
    .executeTakeFirst();
}

/** Records the media found; false when another lookup recorded it first. In the caller's transaction, with its event. */
export async function recordFoundMedia(db: Db, publicationId: string, media: { id: string; permalink: string | null }): Promise<boolean> {
  const found = { mediaId: media.id, permalink: media.permalink };
  // One statement: the publication (only while its id is still unknown) and its successful run's platform ids.
  const { rows } = await sql<{ id: string }>`with pub as (
      update post_publications set platform_post_id = ${media.id}, permalink = ${media.permalink},
        progress = progress || ${JSON.stringify(found)}::jsonb, media_lookup_at = null, status_reason = null, status_reason_code = null, status_reason_params = null
      where id = ${publicationId} and platform_post_id is null returning id),
    run as (update post_runs set platform_ids = platform_ids || ${JSON.stringify({ ...found, platformPostId: media.id })}::jsonb
      where publication_id = ${publicationId} and status = 'success' and exists (select 1 from pub))
    select id from pub`.execute(db);
  return rows.length > 0;
}

/**
 * No more lookups: the publication says in words that its link could not be found. False when its id was found
 * meanwhile (nothing to give up). In the caller's transaction, with its event.
 */
export async function giveUpMediaLookup(db: Db, publicationId: string, lookups: number): Promise<boolean> {
  const row = await db
    .updateTable("post_publications")
    .set({ media_lookups: lookups, media_lookup_at: null, ...statusReasonColumns(LINK_NOT_FOUND_REASON, publicationReason("link_not_found")) })
    .where("id", "=", publicationId)
    .where("platform_post_id", "is", null)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Counts a lookup that found nothing and adds the next one at `at`. */
export async function scheduleNextMediaLookup(db: Database, p: { publicationId: string; workspaceId: string }, lookups: number, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("post_publications").set({ media_lookups: lookups, media_lookup_at: at }).where("id", "=", p.publicationId).execute();
    await enqueueMediaLookup(trx, p, at);
  });
}
