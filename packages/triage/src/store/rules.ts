/** The AI rules a workspace edits (`ai_rules`), in the shape people see them. */
import type { Database, ScopedDb } from "@sillage/db";
import type { AiRule } from "../types";
import { RULE_COLUMNS, ruleFromRow, type AiRuleRow } from "./decide";

/** What a person sets on a rule: everything but its id. */
export type RuleFields = Omit<AiRule, "id">;

function toRow(r: RuleFields) {
  return {
    type: r.type,
    name: r.name,
    keywords: r.keywords,
    patterns: r.patterns,
    examples: r.examples,
    similarity_threshold: r.similarityThreshold,
    confidence_min: r.confidenceMin,
    enabled: r.enabled,
    priority: r.priority,
    comment_reply_mode: r.type === "auto" ? (r.commentReplyMode ?? null) : null,
  };
}

function publicRule(row: AiRuleRow & { created_at: Date; updated_at: Date }) {
  return { ...ruleFromRow(row), createdAt: row.created_at, updatedAt: row.updated_at };
}

const TYPE_ORDER: Record<string, number> = { deny: 0, escalate: 1, auto: 2 };

/** Rules of the workspace `db` is scoped to, in execution order (type, then priority). */
export async function listRules(db: ScopedDb) {
  const rows = await db.selectFrom("ai_rules").select(RULE_COLUMNS).orderBy("priority").orderBy("created_at").orderBy("id").execute();
  return rows.map(publicRule).sort((a, b) => TYPE_ORDER[a.type]! - TYPE_ORDER[b.type]!);
}

export async function createRule(db: ScopedDb, workspaceId: string, fields: RuleFields) {
  const row = await db.insertInto("ai_rules").values({ workspace_id: workspaceId, ...toRow(fields) }).returning(RULE_COLUMNS).executeTakeFirstOrThrow();
  return publicRule(row);
}

/** The updated rule, or undefined when there is none with this id. */
export async function updateRule(db: ScopedDb, id: string, fields: RuleFields) {
  const row = await db.updateTable("ai_rules").set(toRow(fields)).where("id", "=", id).returning(RULE_COLUMNS).executeTakeFirst();
  return row && publicRule(row);
}

/** False when there is no rule with this id. */
export async function deleteRule(db: ScopedDb, id: string): Promise<boolean> {
  const res = await db.deleteFrom("ai_rules").where("id", "=", id).executeTakeFirst();
  return Boolean(res.numDeletedRows);
}

/** How an auto rule's answers to comments go out (`public` / `private`), or null when the workspace decides. */
export async function ruleCommentReplyMode(db: ScopedDb | Database, ruleId: string): Promise<"public" | "private" | null> {
  const row = await db.selectFrom("ai_rules").select("comment_reply_mode").where("id", "=", ruleId).executeTakeFirst();
  return row?.comment_reply_mode === "public" || row?.comment_reply_mode === "private" ? row.comment_reply_mode : null;
}
