// What the archive moves out, table by table: which rows are due, their JSON lines, their deletion and reinsertion.
// The statements are written out per table (not built from a name) so the table-owner scan sees each one: these
// are the archive's documented writes into other packages' tables (docs/architecture.md, Table owners).
import { sql, type Database } from "@sillage/db";

export const ARCHIVED_TABLES = ["messages", "ai_decisions", "post_runs", "kpi_windows"] as const;
export type ArchivedTable = (typeof ARCHIVED_TABLES)[number];

export interface DueGroup {
  workspaceId: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
}

export interface ArchiveLine {
  id: string;
  line: string;
}

export interface ArchivableTable {
  table: ArchivedTable;
  /** Rows older than this many days are archived (before `--before` when an operator gives one). */
  retentionDays: number;
  /** The (workspace, UTC day) pairs holding rows due before `cutoff`. */
  dueGroups(db: Database, cutoff: Date): Promise<DueGroup[]>;
  /** Up to `limit` due rows of one workspace and day as JSON lines, by id (deterministic parts). */
  lines(db: Database, group: DueGroup, cutoff: Date, limit: number): Promise<ArchiveLine[]>;
  /** Deletes these ids (one statement; the caller keeps each batch small). */
  deleteIds(db: Database, ids: string[]): Promise<number>;
  /** Reinserts archived lines; rows already present are left alone (idempotent). Returns the rows inserted. */
  reinsert(db: Database, lines: string[]): Promise<number>;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const dayEnd = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);
const rowsOf = (r: { rows: DueGroup[] }) => r.rows.map((g) => ({ workspaceId: g.workspaceId, day: String(g.day) }));
const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);

/**
 * Messages: a conversation stays; its messages older than the cutoff go, except its newest one, which the inbox list
 * shows as the conversation's last message. A line carries the message's media, reactions and edits when it has some
 * (`_media`, `_reactions`, `_edits`), which its deletion cascades to; embeddings and topic items cascade too (derived, recomputed).
 */
const messages: ArchivableTable = {
  table: "messages",
  retentionDays: 90,
  async dueGroups(db, cutoff) {
    return rowsOf(
      await sql<DueGroup>`select distinct workspace_id as "workspaceId", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day
        from messages where created_at < ${cutoff} order by 1, 2`.execute(db),
    );
  },
  async lines(db, g, cutoff, limit) {
    // row_to_json's text as it comes (no jsonb round trip); the nested keys are appended only when there is something.
    const { rows } = await sql<ArchiveLine & { media: string | null; reactions: string | null; edits: string | null }>`select m.id, row_to_json(m)::text as line,
          (select json_agg(mm)::text from message_media mm where mm.message_id = m.id) as media,
          (select json_agg(mr)::text from message_reactions mr where mr.message_id = m.id) as reactions,
          -- Only an edited message has edits to look up.
          case when m.edited_at is not null then (select json_agg(me)::text from message_edits me where me.message_id = m.id) end as edits
        from messages m
        where m.workspace_id = ${g.workspaceId} and m.created_at >= ${dayStart(g.day)} and m.created_at < ${dayEnd(g.day)} and m.created_at < ${cutoff}
          -- Not the conversation's newest: one probe of the thread index per row (an EXISTS became a hash join
          -- over the whole table per group).
          and m.id <> (select n.id from messages n where n.conversation_id = m.conversation_id order by n.platform_timestamp desc, n.id desc limit 1)
        order by m.id limit ${limit}`.execute(db);
    return rows.map((r) => ({
      id: r.id,
      line:
        r.media || r.reactions || r.edits
          ? `${r.line.slice(0, -1)},"_media":${r.media ?? "[]"},"_reactions":${r.reactions ?? "[]"}${r.edits ? `,"_edits":${r.edits}` : ""}}`
          : r.line,
    }));
  },
  async deleteIds(db, ids) {
    return affected(await sql`delete from messages where id = any(${ids}::uuid[])`.execute(db));
  },
  async reinsert(db, lines) {
    const json = `[${lines.join(",")}]`;
    const inserted = affected(
      await sql`insert into messages select * from json_populate_recordset(null::messages, ${json}::json) on conflict do nothing`.execute(db),
    );
    await sql`insert into message_media select r.* from json_array_elements(${json}::json) l, json_populate_recordset(null::message_media, l->'_media') r
      on conflict do nothing`.execute(db);
    await sql`insert into message_reactions select r.* from json_array_elements(${json}::json) l, json_populate_recordset(null::message_reactions, l->'_reactions') r
      on conflict do nothing`.execute(db);
    await sql`insert into message_edits select r.* from json_array_elements(${json}::json) l, json_populate_recordset(null::message_edits, l->'_edits') r
      where l->'_edits' is not null on conflict do nothing`.execute(db);
    return inserted;
  },
};

/**
 * AI decisions on conversations (a comment's decision stays with its comment), except each conversation's newest,
 * which the inbox shows ("needs a person", the AI's draft). Outbound messages keep their row; their link goes NULL.
 */
const aiDecisions: ArchivableTable = {
  table: "ai_decisions",
  retentionDays: 90,
  async dueGroups(db, cutoff) {
    return rowsOf(
      await sql<DueGroup>`select distinct workspace_id as "workspaceId", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day
        from ai_decisions where created_at < ${cutoff} and comment_id is null order by 1, 2`.execute(db),
    );
  },
  async lines(db, g, cutoff, limit) {
    const { rows } = await sql<ArchiveLine>`select d.id, row_to_json(d)::text as line from ai_decisions d
        where d.workspace_id = ${g.workspaceId} and d.created_at >= ${dayStart(g.day)} and d.created_at < ${dayEnd(g.day)} and d.created_at < ${cutoff}
          and d.comment_id is null
          and (d.conversation_id is null
               or d.id <> (select n.id from ai_decisions n where n.conversation_id = d.conversation_id order by n.created_at desc, n.id desc limit 1))
        order by d.id limit ${limit}`.execute(db);
    return rows;
  },
  async deleteIds(db, ids) {
    return affected(await sql`delete from ai_decisions where id = any(${ids}::uuid[])`.execute(db));
  },
  async reinsert(db, lines) {
    return affected(
      await sql`insert into ai_decisions select * from json_populate_recordset(null::ai_decisions, ${`[${lines.join(",")}]`}::json) on conflict do nothing`.execute(db),
    );
  },
};

/** Finished publishing runs (the publication keeps its status and last error). */
const postRuns: ArchivableTable = {
  table: "post_runs",
  retentionDays: 90,
  async dueGroups(db, cutoff) {
    return rowsOf(
      await sql<DueGroup>`select distinct workspace_id as "workspaceId", to_char(started_at at time zone 'UTC', 'YYYY-MM-DD') as day
        from post_runs where started_at < ${cutoff} and finished_at is not null order by 1, 2`.execute(db),
    );
  },
  async lines(db, g, cutoff, limit) {
    const { rows } = await sql<ArchiveLine>`select r.id, row_to_json(r)::text as line from post_runs r
        where r.workspace_id = ${g.workspaceId} and r.started_at >= ${dayStart(g.day)} and r.started_at < ${dayEnd(g.day)} and r.started_at < ${cutoff}
          and r.finished_at is not null
        order by r.id limit ${limit}`.execute(db);
    return rows;
  },
  async deleteIds(db, ids) {
    return affected(await sql`delete from post_runs where id = any(${ids}::uuid[])`.execute(db));
  },
  async reinsert(db, lines) {
    return affected(
      await sql`insert into post_runs select * from json_populate_recordset(null::post_runs, ${`[${lines.join(",")}]`}::json) on conflict do nothing`.execute(db),
    );
  },
};

/** KPI windows past what /analytics compares (13 months: a year back plus the current month). */
const kpiWindows: ArchivableTable = {
  table: "kpi_windows",
  retentionDays: 400,
  async dueGroups(db, cutoff) {
    return rowsOf(
      await sql<DueGroup>`select distinct workspace_id as "workspaceId", to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day
        from kpi_windows where window_start < ${cutoff} order by 1, 2`.execute(db),
    );
  },
  async lines(db, g, cutoff, limit) {
    const { rows } = await sql<ArchiveLine>`select k.id::text as id, row_to_json(k)::text as line from kpi_windows k
        where k.workspace_id = ${g.workspaceId} and k.window_start >= ${dayStart(g.day)} and k.window_start < ${dayEnd(g.day)} and k.window_start < ${cutoff}
        order by k.id limit ${limit}`.execute(db);
    return rows;
  },
  async deleteIds(db, ids) {
    return affected(await sql`delete from kpi_windows where id = any(${ids}::bigint[])`.execute(db));
  },
  async reinsert(db, lines) {
    // The identity column keeps its archived value; a window recomputed since (same workspace, channel, start) wins.
    return affected(
      await sql`insert into kpi_windows overriding system value select * from json_populate_recordset(null::kpi_windows, ${`[${lines.join(",")}]`}::json)
        on conflict do nothing`.execute(db),
    );
  },
};

export const archivableTables: Record<ArchivedTable, ArchivableTable> = { messages, ai_decisions: aiDecisions, post_runs: postRuns, kpi_windows: kpiWindows };
