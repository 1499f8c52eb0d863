// Saved replies: a workspace's canned answers, inserted from the reply box with `/` + shortcut, their variables
// filled from the conversation's customer, the agent and the workspace.

import type { ScopedDb } from "@sillage/db";

/**
 * The variables a saved reply may use, each under its French and English name. Values come from the conversation:
 * the customer's first name (first word of their name) and full name, the agent's name, the workspace (shop) name.
 */
export const SAVED_REPLY_VARIABLES = {
  prenom: "firstName",
  first_name: "firstName",
  nom: "name",
  name: "name",
  agent: "agent",
  boutique: "shop",
  shop: "shop",
} as const;

export type SavedReplyValues = Partial<Record<(typeof SAVED_REPLY_VARIABLES)[keyof typeof SAVED_REPLY_VARIABLES], string | null>>;

const VARIABLE = /\{\{\s*([a-zA-Z_]+)\s*\}\}/g;

/** Variable names a body uses that are not in `SAVED_REPLY_VARIABLES` (so a typo is refused when saved, not sent). */
export function unknownSavedReplyVariables(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]!).filter((n) => !(n.toLowerCase() in SAVED_REPLY_VARIABLES)))];
}

/**
 * Fills a body's variables. A variable whose value is unknown is left out with the space before it — "Bonjour
 * {{prenom}}, merci" becomes "Bonjour, merci", never "Bonjour {{prenom}}," nor "Bonjour , merci" — and, at the start
 * of a line, with the space or comma after it. Names outside `SAVED_REPLY_VARIABLES` stay as written.
 */
export function fillSavedReply(body: string, values: SavedReplyValues): string {
  const valueOf = (name: string) => {
    const key = SAVED_REPLY_VARIABLES[name.toLowerCase() as keyof typeof SAVED_REPLY_VARIABLES];
    return key ? (values[key]?.trim() ?? "") : undefined;
  };
  // Unknown values opening a line, repeatedly: "{{prenom}} {{nom}}, merci" loses both and the comma.
  let text = body;
  for (let before = ""; before !== text; ) {
    before = text;
    text = text.replace(/^([ \t]*)\{\{\s*([a-zA-Z_]+)\s*\}\}[ \t]*,?[ \t]*/gm, (match, indent: string, name: string) => (valueOf(name) === "" ? indent : match));
  }
  return text.replace(/([ \t]*)\{\{\s*([a-zA-Z_]+)\s*\}\}/g, (match, space: string, name: string) => {
    const value = valueOf(name);
    if (value === undefined) return match;
    return value ? `${space}${value}` : "";
  });
}

export interface SavedReplyInput {
  title: string;
  shortcut: string;
  body: string;
}

const columns = ["id", "title", "shortcut", "body", "created_at as createdAt", "updated_at as updatedAt"] as const;

/** Every saved reply of the workspace, by shortcut (row-level security scopes `db`). */
export function listSavedReplies(db: ScopedDb) {
  return db.selectFrom("saved_replies").select(columns).orderBy("shortcut").execute();
}

/** Null when the shortcut is already taken in the workspace. */
export async function createSavedReply(db: ScopedDb, workspaceId: string, userId: string | null, input: SavedReplyInput) {
  return (
    (await db
      .insertInto("saved_replies")
      .values({ workspace_id: workspaceId, created_by: userId, ...input })
      .onConflict((oc) => oc.columns(["workspace_id", "shortcut"]).doNothing())
      .returning(columns)
      .executeTakeFirst()) ?? null
  );
}

/** "not_found", "shortcut_taken", or the updated reply. */
export async function updateSavedReply(db: ScopedDb, id: string, input: SavedReplyInput, now: Date) {
  const current = await db.selectFrom("saved_replies").select("id").where("id", "=", id).executeTakeFirst();
  if (!current) return "not_found" as const;
  const taken = await db.selectFrom("saved_replies").select("id").where("shortcut", "=", input.shortcut).where("id", "<>", id).executeTakeFirst();
  if (taken) return "shortcut_taken" as const;
  return db
    .updateTable("saved_replies")
    .set({ ...input, updated_at: now })
    .where("id", "=", id)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Whether a reply was removed. */
export async function deleteSavedReply(db: ScopedDb, id: string): Promise<boolean> {
  const res = await db.deleteFrom("saved_replies").where("id", "=", id).executeTakeFirst();
  return res.numDeletedRows > 0n;
}

/**
 * The values of a conversation's variables: its customer, the agent (`userId`; null for an API token) and the
 * workspace. Null when the conversation is not the workspace's.
 */
export async function savedReplyValues(db: ScopedDb, conversationId: string, userId: string | null): Promise<SavedReplyValues | null> {
  const row = await db
    .selectFrom("conversations as c")
    .innerJoin("contacts as ct", "ct.id", "c.contact_id")
    .innerJoin("workspaces as w", "w.id", "c.workspace_id")
    .select(["ct.display_name as name", "w.name as shop"])
    .where("c.id", "=", conversationId)
    .executeTakeFirst();
  if (!row) return null;
  const agent = userId ? await db.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirst() : undefined;
  const name = row.name?.trim() || null;
  return { firstName: name?.split(/\s+/)[0] ?? null, name, agent: agent?.name ?? null, shop: row.shop };
}

/** Saved replies with `text`, their body filled for one conversation. */
export async function savedRepliesFor(db: ScopedDb, conversationId: string, userId: string | null) {
  const values = await savedReplyValues(db, conversationId, userId);
  if (!values) return null;
  const replies = await listSavedReplies(db);
  return replies.map((r) => ({ ...r, text: fillSavedReply(r.body, values) }));
}
