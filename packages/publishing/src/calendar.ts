/**
 * What the calendar shows for a period: the publications that exist (one occurrence on one channel) plus the
 * occurrences a series will produce later. A series materializes only its next occurrence (store.ts), so the
 * later ones are computed here from the rule, in the series' zone, and marked `planned`; nothing is written.
 */
import { sql } from "@sillage/db";
import { occurrencesInRange, RecurrenceError, type OccurrenceOverride } from "./occurrences";
import { contentAt, type Db, type PublicationStatus } from "./store";

export interface CalendarEntry {
  /** The publication id, or `planned:<postId>:<channelId>:<epoch ms>` for an occurrence not yet materialized. */
  id: string;
  postId: string;
  channelId: string;
  platform: string;
  dueAt: Date;
  status: PublicationStatus | "planned";
  statusReason: string | null;
  /** The same as a code with parameters (reasons.ts), worded by the SPA; null on rows older than codes. */
  statusReasonCode: string | null;
  statusReasonParams: Record<string, string | number> | null;
  excerpt: string | null;
  mediaCount: number;
  series: boolean;
}

export interface CalendarQuery {
  from: Date;
  to: Date;
  channelId?: string;
  /** Entries returned at most; `truncated` says when the period held more. */
  limit: number;
}

/** The period's entries by time. Runs on the caller's (workspace-scoped) connection. */
export async function calendarEntries(db: Db, q: CalendarQuery): Promise<{ items: CalendarEntry[]; truncated: boolean }> {
  const channel = q.channelId ? sql`and p.channel_id = ${q.channelId}` : sql``;
  const { rows: existing } = await sql<CalendarEntry>`
    select p.id, p.post_id as "postId", p.channel_id as "channelId", c.platform, p.due_at as "dueAt", p.status,
      p.status_reason as "statusReason", p.status_reason_code as "statusReasonCode", p.status_reason_params as "statusReasonParams", left(coalesce(p.content_override, s.content)->>'text', 80) as excerpt,
      coalesce(jsonb_array_length(coalesce(p.content_override, s.content)->'mediaIds'), 0)::int as "mediaCount", s.rrule is not null as series
    from post_publications p
      join scheduled_posts s on s.id = p.post_id
      join channels c on c.id = p.channel_id
    where p.due_at >= ${q.from} and p.due_at < ${q.to} ${channel}
    order by p.due_at, p.id
    limit ${q.limit + 1}`.execute(db);

  // Active series whose unmaterialized occurrences reach into the period.
  const seriesChannel = q.channelId ? sql`and pc.channel_id = ${q.channelId}` : sql``;
  const { rows: series } = await sql<{
    id: string;
    rrule: string;
    dtstart_local: string;
    exdates: string[];
    occurrence_overrides: OccurrenceOverride[];
    time_zone: string;
    next_occurrence_at: Date;
    excerpt: string | null;
    media_count: number;
    channels: { id: string; platform: string }[];
  }>`
    select s.id, s.rrule, to_char(s.dtstart_local, 'YYYY-MM-DD"T"HH24:MI:SS') as dtstart_local,
      coalesce(array(select to_char(x, 'YYYY-MM-DD"T"HH24:MI:SS') from unnest(s.exdates) x), '{}') as exdates,
      s.occurrence_overrides, s.time_zone, s.next_occurrence_at, left(s.content->>'text', 80) as excerpt,
      coalesce(jsonb_array_length(s.content->'mediaIds'), 0)::int as media_count,
      json_agg(json_build_object('id', c.id, 'platform', c.platform) order by c.id) as channels
    from scheduled_posts s
      join post_channels pc on pc.post_id = s.id ${seriesChannel}
      join channels c on c.id = pc.channel_id and c.status <> 'disconnected'
    where s.status = 'active' and s.rrule is not null and s.next_occurrence_at < ${q.to}
    group by s.id`.execute(db);

  const taken = new Set(existing.map((e) => `${e.postId}|${e.channelId}|${new Date(e.dueAt).getTime()}`));
  const planned: CalendarEntry[] = [];
  for (const s of series) {
    const start = new Date(Math.max(q.from.getTime(), s.next_occurrence_at.getTime()));
    const rule = { rrule: s.rrule, dtstartLocal: s.dtstart_local, timeZone: s.time_zone, exdatesLocal: s.exdates, overrides: s.occurrence_overrides };
    let dues: Date[];
    try {
      dues = occurrencesInRange(rule, start, q.to, q.limit + 1);
    } catch (err) {
      // A rule saved before rules were checked that cannot be computed within bounds: its stored occurrences only.
      if (err instanceof RecurrenceError) continue;
      throw err;
    }
    for (const dueAt of dues) {
      const changed = contentAt(rule, dueAt);
      for (const c of s.channels) {
        const key = `${s.id}|${c.id}|${dueAt.getTime()}`;
        if (taken.has(key)) continue;
        planned.push({
          id: `planned:${s.id}:${c.id}:${dueAt.getTime()}`,
          postId: s.id,
          channelId: c.id,
          platform: c.platform,
          dueAt,
          status: "planned",
          statusReason: null,
          statusReasonCode: null,
          statusReasonParams: null,
          excerpt: changed?.text.slice(0, 80) ?? s.excerpt,
          mediaCount: changed?.mediaIds.length ?? s.media_count,
          series: true,
        });
      }
    }
  }

  const all = [...existing, ...planned].sort((a, b) => new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime() || (a.id < b.id ? -1 : 1));
  return { items: all.slice(0, q.limit), truncated: all.length > q.limit };
}
