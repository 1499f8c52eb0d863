// Who an Instagram customer is: their profile (name, username, picture) read from Meta's User Profile API and cached
// on the contact. Read on a contact's first DM (the message applier enqueues it), when a cached one is older than a
// week (the next DM, or the weekly sweep), and after a DM from someone Meta would not show before (consent).
// WhatsApp contacts need none of this: the webhook names them (`contacts[].profile.name`, stored by upsertContact).

import { loadChannel } from "@sillage/channels";
import { isPlatformError, ProfileConsentRequiredError } from "@sillage/connectors";
import { raiseWorkspaceEvent } from "@sillage/db";
import { enqueue } from "@sillage/queue";
import type { InboxDeps } from "./deps";
import { refreshProfileJob } from "./jobs";

/** A profile this old is read again (Meta lets names and pictures change; picture links expire within days). */
export const PROFILE_MAX_AGE_MS = 7 * 86_400_000;

export type ProfileStatus = "ok" | "consent_required" | "unavailable";

export const profileJobKey = (contactId: string) => `profile:${contactId}`;

/**
 * Whether a DM from this contact should (re)read their profile: never read, read over a week ago, or refused for
 * consent — which a DM grants, so this DM is the moment to ask again.
 */
export function profileDue(contact: { platform: string; profile_status: string | null; profile_checked_at: Date | null }, now: Date): boolean {
  if (contact.platform !== "instagram") return false;
  if (!contact.profile_checked_at || contact.profile_status === "consent_required") return true;
  return now.getTime() - contact.profile_checked_at.getTime() > PROFILE_MAX_AGE_MS;
}

export type ProfileRefreshOutcome = ProfileStatus | "skipped" | "retry";

const PICTURE_EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif" };

/**
 * Reads one contact's profile and records it. A transient failure returns "retry" (the job throws and the runner backs
 * off); anything else is recorded with `profile_checked_at`, so the contact is not asked about again before its time.
 */
export async function refreshContactProfile(deps: InboxDeps, input: { workspaceId: string; contactId: string }): Promise<{ outcome: ProfileRefreshOutcome; error?: string }> {
  const contact = await deps.db
    .selectFrom("contacts")
    .select(["id", "channel_id", "platform", "platform_user_id", "picture_key"])
    .where("id", "=", input.contactId)
    .where("workspace_id", "=", input.workspaceId)
    .executeTakeFirst();
  if (!contact || contact.platform !== "instagram") return { outcome: "skipped" };
  const loaded = await loadChannel(deps.db, deps.secretBox, contact.channel_id);
  if (!loaded || loaded.row.status === "disconnected") return { outcome: "skipped" };

  const now = deps.clock.now();
  const record = async (status: ProfileStatus, fields: { display_name?: string | null; username?: string; picture_key?: string | null } = {}) => {
    await deps.db
      .updateTable("contacts")
      .set({ ...fields, profile_status: status, profile_checked_at: now, updated_at: now })
      .where("id", "=", contact.id)
      .execute();
    // The list and the thread show the name and picture: they refetch on any inbox event.
    await raiseWorkspaceEvent(deps.db, input.workspaceId, "inbox.contact", { contactId: contact.id, profileStatus: status });
  };

  const ig = deps.connectors.instagram;
  let profile;
  try {
    profile = await ig.getUserProfile(loaded.channel, contact.platform_user_id);
  } catch (err) {
    // Before any generic handling: its kind is "permission", yet the channel is fine — the person has only commented.
    if (err instanceof ProfileConsentRequiredError) {
      await record("consent_required");
      return { outcome: "consent_required" };
    }
    if (isPlatformError(err) && (err.kind === "auth_expired" || err.kind === "permission")) {
      // The channel's token, not this person: nothing is recorded (token health is the token check's business), so
      // the next DM or the weekly sweep asks again once the channel is reconnected.
      return { outcome: "skipped", error: err.message };
    }
    if (isPlatformError(err) && !err.retryable) {
      await record("unavailable");
      return { outcome: "unavailable", error: err.message };
    }
    return { outcome: "retry", error: err instanceof Error ? err.message : String(err) };
  }
  // Blocked the business, or unknown to the account: keep what we had, say it is not available now.
  if (!profile) {
    await record("unavailable");
    return { outcome: "unavailable" };
  }

  let pictureKey: string | null = null;
  if (profile.pictureUrl) {
    try {
      // Right after the read: Meta's link expires.
      const picture = await ig.fetchProfilePicture(loaded.channel, profile.pictureUrl);
      pictureKey = `${input.workspaceId}/contacts/${contact.id}.${PICTURE_EXTENSIONS[picture.mimeType] ?? "jpg"}`;
      await deps.media.store.put(pictureKey, picture.bytes, picture.mimeType);
    } catch (err) {
      if (isPlatformError(err) && !err.retryable) {
        // The name is still worth recording; the picture we had (if any) stays until the next read.
        deps.logger?.warn({ contactId: contact.id, error: err.message }, "profile picture not stored");
        pictureKey = contact.picture_key;
      } else {
        return { outcome: "retry", error: err instanceof Error ? err.message : String(err) };
      }
    }
  }
  await record("ok", { display_name: profile.name, username: profile.username, picture_key: pictureKey });
  return { outcome: "ok" };
}

/** Enqueues a profile read for a contact (one pending job per contact), in the caller's transaction. */
export async function queueProfileRefresh(db: Parameters<typeof enqueue>[0], workspaceId: string, contactId: string): Promise<void> {
  await enqueue(db, refreshProfileJob, { workspaceId, contactId }, { jobKey: profileJobKey(contactId), jobKeyMode: "preserve_run_at" });
}

/**
 * The weekly sweep: every Instagram contact on a live channel whose profile was never read or is stale gets a job.
 * Cut at six days so a profile read just after last week's sweep is not left for two weeks by a few minutes' jitter.
 * Contacts refused for consent wait for their next DM instead: Meta would refuse again.
 */
export async function queueStaleProfiles(deps: Pick<InboxDeps, "db" | "clock">, opts: { batchSize?: number } = {}): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - 6 * 86_400_000);
  const batchSize = opts.batchSize ?? 1000;
  let queued = 0;
  let afterId = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await deps.db
      .selectFrom("contacts as ct")
      .innerJoin("channels as ch", "ch.id", "ct.channel_id")
      .select(["ct.id", "ct.workspace_id"])
      .where("ct.platform", "=", "instagram")
      .where("ch.status", "<>", "disconnected")
      .where((eb) => eb.or([eb("ct.profile_status", "is", null), eb("ct.profile_status", "<>", "consent_required")]))
      .where((eb) => eb.or([eb("ct.profile_checked_at", "is", null), eb("ct.profile_checked_at", "<", cutoff)]))
      .where("ct.id", ">", afterId)
      .orderBy("ct.id")
      .limit(batchSize)
      .execute();
    for (const r of rows) await queueProfileRefresh(deps.db, r.workspace_id, r.id);
    queued += rows.length;
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchSize) break;
    afterId = last.id;
  }
  return queued;
}
