// Turns the states other domains keep into notifications. A state is read, not an event replayed: a job retried,
// a worker restarted or two scans racing find the same state and land on the same open row (partial unique index
// `notifications_open_key`); a state that ended resolves its row, and a new one later opens a new notification.
import { creditStanding } from "@sillage/billing";
import { raiseWorkspaceEvent, sql, type Database } from "@sillage/db";
import { enqueue } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { emailDeliverJob } from "./jobs/declarations";
import { queueWebhookDeliveries } from "./webhooks";
import { creditsLowThreshold, DEFAULT_ESCALATION_MINUTES, ESCALATION_LOOKBACK_MS, QUOTA_WAIT_MS, TOKEN_EXPIRY_WARNING_MS, type NotificationKind } from "./kinds";

/** One object in a notifying state. `occurrence` changes when the state happens again (a new failed occurrence). */
export interface Candidate {
  kind: NotificationKind;
  objectType: "post" | "publication" | "channel" | "conversation" | "comment" | "workspace";
  objectId: string;
  linkId: string | null;
  assigneeId: string | null;
  occurrence: string;
  params: Record<string, unknown>;
}

/** How much of a failed post's caption its notification quotes (the bell shortens it further). */
const EXCERPT_CHARS = 80;

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

/** Every object of a workspace in a notifying state at `now` (shared reads of the owners' tables). */
export async function findCandidates(db: Database, workspaceId: string, now: Date): Promise<Candidate[]> {
  const out: Candidate[] = [];

  // A post whose latest occurrence failed for good: one notification per post, so a daily series failing every day
  // is one open notification whose occurrence count grows.
  const failed = await db
    .selectFrom("post_publications as p")
    .innerJoin("scheduled_posts as s", "s.id", "p.post_id")
    .innerJoin("channels as c", "c.id", "p.channel_id")
    .select(["p.id", "p.post_id", "p.channel_id", "p.error_class", "p.error_message", "p.status_reason", "p.status_reason_code", "p.status_reason_params", "p.failed_at", "p.due_at"])
    .select(["c.display_name as channel_name", "c.platform", sql<string | null>`left(coalesce(p.content_override, s.content)->>'text', ${EXCERPT_CHARS})`.as("excerpt")])
    .where("p.workspace_id", "=", workspaceId)
    .where("p.status", "=", "failed")
    .where("p.cancelled_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("post_publications as later")
            .select("later.id")
            .whereRef("later.post_id", "=", "p.post_id")
            .whereRef("later.channel_id", "=", "p.channel_id")
            .whereRef("later.due_at", ">", "p.due_at")
            .where("later.status", "in", ["published", "publishing"]),
        ),
      ),
    )
    .orderBy("p.due_at", "desc")
    .execute();
  const seenPosts = new Set<string>();
  for (const p of failed) {
    if (seenPosts.has(p.post_id)) continue;
    seenPosts.add(p.post_id);
    out.push({
      kind: "publication_failed",
      objectType: "post",
      objectId: p.post_id,
      linkId: p.post_id,
      assigneeId: null,
      occurrence: p.id,
      params: {
        publicationId: p.id,
        channelId: p.channel_id,
        errorClass: p.error_class,
        reason: p.error_message ?? p.status_reason,
        // The reason as publishing coded it (`publication.<code>` or `platform.<kind>`): e-mails word it in each language.
        reasonCode: p.status_reason_code,
        reasonParams: p.status_reason_params,
        failedAt: iso(p.failed_at),
        // Which post, as its detail shows it: the caption's start, the channel, the time it was due.
        excerpt: p.excerpt || null,
        channelName: p.channel_name,
        platform: p.platform,
        dueAt: iso(p.due_at),
      },
    });
  }

  const waiting = await db
    .selectFrom("post_publications")
    .select(["id", "post_id", "channel_id", "due_at"])
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "waiting_quota")
    .where("due_at", "<=", new Date(now.getTime() - QUOTA_WAIT_MS))
    .execute();
  for (const p of waiting) {
    out.push({ kind: "quota_waiting", objectType: "publication", objectId: p.id, linkId: p.post_id, assigneeId: null, occurrence: p.id, params: { channelId: p.channel_id, dueAt: iso(p.due_at) } });
  }

  const channels = await db
    .selectFrom("channels")
    .select(["id", "display_name", "status", "last_error", "last_error_kind", "token_expires_at"])
    .where("workspace_id", "=", workspaceId)
    .where((eb) =>
      eb.or([
        eb("status", "=", "needs_reconnect"),
        eb.and([eb("status", "=", "active"), eb("token_expires_at", "is not", null), eb("token_expires_at", "<=", new Date(now.getTime() + TOKEN_EXPIRY_WARNING_MS))]),
      ]),
    )
    .execute();
  for (const c of channels) {
    if (c.status === "needs_reconnect") {
      out.push({ kind: "channel_reconnect", objectType: "channel", objectId: c.id, linkId: c.id, assigneeId: null, occurrence: "reconnect", params: { channelName: c.display_name, errorClass: c.last_error_kind, reason: c.last_error } });
    } else {
      const expiresAt = iso(c.token_expires_at);
      out.push({ kind: "token_expiring", objectType: "channel", objectId: c.id, linkId: c.id, assigneeId: null, occurrence: expiresAt ?? "", params: { channelName: c.display_name, expiresAt } });
    }
  }

  const settings = await db.selectFrom("notification_settings").select("escalation_minutes").where("workspace_id", "=", workspaceId).executeTakeFirst();
  const defaultMinutes = settings?.escalation_minutes ?? DEFAULT_ESCALATION_MINUTES;
  // Past the threshold of the object's channel (`notification_channel_settings`), else the workspace's.
  const waitedPast = (column: "c.last_inbound_at" | "c.created_at") =>
    sql<boolean>`${sql.ref(column)} <= ${now}::timestamptz - make_interval(mins => coalesce(cs.escalation_minutes, ${defaultMinutes}::int))`;

  // Escalated and not answered by a person since the customer's last message, past the threshold.
  const conversations = await db
    .selectFrom("conversations as c")
    .leftJoin("notification_channel_settings as cs", "cs.channel_id", "c.channel_id")
    .select(["c.id", "c.assignee_id", "c.channel_id", "c.last_inbound_at"])
    .where("c.workspace_id", "=", workspaceId)
    .where("c.last_triage", "=", "ESCALATE")
    .where("c.status", "!=", "resolved")
    .where(waitedPast("c.last_inbound_at"))
    .where((eb) => eb.or([eb("c.last_human_reply_at", "is", null), eb("c.last_human_reply_at", "<", eb.ref("c.last_inbound_at"))]))
    .where((eb) => eb.or([eb("c.snoozed_until", "is", null), eb("c.snoozed_until", "<=", now)]))
    .execute();
  for (const c of conversations) {
    const since = iso(c.last_inbound_at);
    out.push({ kind: "escalation_waiting", objectType: "conversation", objectId: c.id, linkId: c.id, assigneeId: c.assignee_id, occurrence: since ?? "", params: { channelId: c.channel_id, waitingSince: since } });
  }

  const comments = await db
    .selectFrom("comments as c")
    .leftJoin("notification_channel_settings as cs", "cs.channel_id", "c.channel_id")
    .select(["c.id", "c.channel_id", "c.author_name", "c.created_at"])
    .where("c.workspace_id", "=", workspaceId)
    .where("c.triage", "=", "ESCALATE")
    .where("c.own", "=", false)
    .where("c.deleted_at", "is", null)
    .where(waitedPast("c.created_at"))
    .where("c.created_at", ">", new Date(now.getTime() - ESCALATION_LOOKBACK_MS))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("comments as r").select("r.id").whereRef("r.parent_id", "=", "c.id").where("r.own", "=", true))))
    .execute();
  for (const c of comments) {
    out.push({ kind: "escalation_waiting", objectType: "comment", objectId: c.id, linkId: c.id, assigneeId: null, occurrence: "escalated", params: { channelId: c.channel_id, author: c.author_name, waitingSince: iso(c.created_at) } });
  }

  // Credits running low (billing computes the balance): open until a top-up or the next grant lifts it above the
  // threshold. Not before the first grant: a balance of 0 then means credits have not started.
  const credits = await creditStanding(db, workspaceId);
  const threshold = creditsLowThreshold(credits.monthlyGrant);
  if (credits.granted && credits.balance <= threshold) {
    out.push({
      kind: "credits_low",
      objectType: "workspace",
      objectId: workspaceId,
      linkId: null,
      assigneeId: null,
      occurrence: credits.balance <= 0 ? "empty" : "low",
      params: { balance: credits.balance, threshold, monthlyGrant: credits.monthlyGrant, plan: credits.plan },
    });
  }
  return out;
}

export interface ScanResult {
  opened: number;
  updated: number;
  resolved: number;
}

/**
 * Brings a workspace's open notifications in line with its states, in one transaction; each notification opened or
 * seen again raises `notification.changed` on the workspace's live stream.
 */
export async function scanWorkspace(db: Database, clock: Clock, workspaceId: string, opts: { appUrl?: string } = {}): Promise<ScanResult> {
  const now = clock.now();
  const candidates = await findCandidates(db, workspaceId, now);
  return db.transaction().execute(async (trx) => {
    const result: ScanResult = { opened: 0, updated: 0, resolved: 0 };
    const existing = await trx
      .selectFrom("notifications")
      .select(["id", "kind", "object_id", sql<string | null>`params->>'occurrence'`.as("occurrence")])
      .where("workspace_id", "=", workspaceId)
      .where("resolved_at", "is", null)
      .execute();
    const byKey = new Map(existing.map((r) => [`${r.kind}:${r.object_id}`, r]));
    for (const c of candidates) {
      const params = JSON.stringify({ ...c.params, occurrence: c.occurrence });
      const known = byKey.get(`${c.kind}:${c.objectId}`);
      let changedId: string | undefined;
      if (!known) {
        // A concurrent scan may have opened it a moment ago: the unique index keeps one, and this one stays quiet.
        const row = await sql<{ id: string }>`
          INSERT INTO notifications (workspace_id, kind, object_type, object_id, link_id, assignee_id, params, opened_at, last_seen_at)
          VALUES (${workspaceId}, ${c.kind}, ${c.objectType}, ${c.objectId}, ${c.linkId}, ${c.assigneeId}, ${params}::jsonb, ${now}, ${now})
          ON CONFLICT (workspace_id, kind, object_id) WHERE resolved_at IS NULL DO NOTHING
          RETURNING id`.execute(trx);
        changedId = row.rows[0]?.id;
        if (changedId) result.opened++;
      } else if (known.occurrence !== c.occurrence) {
        // The state happened again (another failed occurrence, a new customer message): same notification, unread again.
        await trx
          .updateTable("notifications")
          .set((eb) => ({ params, assignee_id: c.assigneeId, link_id: c.linkId, occurrences: eb("occurrences", "+", 1), last_seen_at: now }))
          .where("id", "=", known.id)
          .execute();
        changedId = known.id;
        result.updated++;
      } else {
        // Same state seen again (a retry, a restart): details may move (assignee), nothing notifies.
        await trx.updateTable("notifications").set({ params, assignee_id: c.assigneeId }).where("id", "=", known.id).execute();
      }
      if (changedId) {
        await raiseWorkspaceEvent(trx, workspaceId, "notification.changed", { id: changedId, kind: c.kind });
        // E-mail goes with the change in one commit: a scan that rolls back sends nothing.
        await enqueue(trx, emailDeliverJob, { notificationId: changedId }, { jobKey: `notify-email:${changedId}:${known ? "update" : "open"}:${c.occurrence}` });
        const occurrences = (await trx.selectFrom("notifications").select("occurrences").where("id", "=", changedId).executeTakeFirstOrThrow()).occurrences;
        await queueWebhookDeliveries(trx, { id: changedId, workspaceId, kind: c.kind, objectType: c.objectType, objectId: c.objectId, params: c.params, occurrences, at: now }, opts.appUrl ?? "");
      }
    }
    const open = new Set(candidates.map((c) => `${c.kind}:${c.objectId}`));
    const ended = existing.filter((r) => !open.has(`${r.kind}:${r.object_id}`)).map((r) => r.id);
    if (ended.length > 0) {
      await trx.updateTable("notifications").set({ resolved_at: now }).where("id", "in", ended).execute();
      result.resolved = ended.length;
      await raiseWorkspaceEvent(trx, workspaceId, "notification.changed", { resolved: ended.length });
    }
    return result;
  });
}

/** Every workspace, one after the other (the minute cron). */
export async function scanAllWorkspaces(db: Database, clock: Clock, opts: { appUrl?: string } = {}): Promise<ScanResult & { workspaces: number }> {
  const ids = await db.selectFrom("workspaces").select("id").execute();
  const total = { opened: 0, updated: 0, resolved: 0, workspaces: ids.length };
  for (const { id } of ids) {
    const r = await scanWorkspace(db, clock, id, opts);
    total.opened += r.opened;
    total.updated += r.updated;
    total.resolved += r.resolved;
  }
  return total;
}
