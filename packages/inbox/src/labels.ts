/** A workspace's labels (name and colour) and the ones each conversation carries; tables `labels`, `conversation_labels`. */
import { raiseWorkspaceEvent, type Database, type ScopedDb } from "@sillage/db";
import { InboxError } from "./errors";

type Db = Database | ScopedDb;

export interface Label {
  id: string;
  name: string;
  colour: string;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === "23505";
}

const taken = (name: string) => new InboxError("invalid_input", "label_taken", { params: { name } });

/** The workspace's labels, by name. */
export async function listLabels(db: Db): Promise<Label[]> {
  return db.selectFrom("labels").select(["id", "name", "colour"]).orderBy(({ fn }) => fn("lower", ["name"])).orderBy("id").execute();
}

export async function createLabel(db: Db, workspaceId: string, input: { name: string; colour: string }): Promise<Label> {
  try {
    return await db
      .insertInto("labels")
      .values({ workspace_id: workspaceId, name: input.name, colour: input.colour })
      .returning(["id", "name", "colour"])
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(input.name);
    throw err;
  }
}

/** Renames or recolours a label; undefined when there is no such label. */
export async function updateLabel(db: Db, id: string, set: { name?: string; colour?: string }): Promise<Label | undefined> {
  try {
    return await db.updateTable("labels").set(set).where("id", "=", id).returning(["id", "name", "colour"]).executeTakeFirst();
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(set.name ?? "");
    throw err;
  }
}

/** Deletes a label, and so takes it off every conversation; false when there is no such label. */
export async function deleteLabel(db: Db, id: string): Promise<boolean> {
  const row = await db.deleteFrom("labels").where("id", "=", id).returning("id").executeTakeFirst();
  return Boolean(row);
}

/**
 * Puts a label on a conversation or takes it off (idempotent) and tells open pages; undefined when the conversation
 * or the label is not the workspace's (row-level security hides other workspaces' rows).
 */
export async function setConversationLabel(db: Db, workspaceId: string, conversationId: string, labelId: string, on: boolean): Promise<Label[] | undefined> {
  const conversation = await db.selectFrom("conversations").select("id").where("id", "=", conversationId).executeTakeFirst();
  const label = await db.selectFrom("labels").select("id").where("id", "=", labelId).executeTakeFirst();
  if (!conversation || !label) return undefined;
  if (on) {
    await db
      .insertInto("conversation_labels")
      .values({ workspace_id: workspaceId, conversation_id: conversationId, label_id: labelId })
      .onConflict((oc) => oc.columns(["conversation_id", "label_id"]).doNothing())
      .execute();
  } else {
    await db.deleteFrom("conversation_labels").where("conversation_id", "=", conversationId).where("label_id", "=", labelId).execute();
  }
  await raiseWorkspaceEvent(db, workspaceId, "inbox.conversation", { conversationId, change: on ? "labelled" : "unlabelled" });
  return (await labelsOf(db, [conversationId])).get(conversationId) ?? [];
}

/** The labels each of these conversations carries (by label name), for the list rows and the thread header. */
export async function labelsOf(db: Db, conversationIds: string[]): Promise<Map<string, Label[]>> {
  const byConversation = new Map<string, Label[]>();
  if (!conversationIds.length) return byConversation;
  const rows = await db
    .selectFrom("conversation_labels as cl")
    .innerJoin("labels as l", "l.id", "cl.label_id")
    .select(["cl.conversation_id", "l.id", "l.name", "l.colour"])
    .where("cl.conversation_id", "in", conversationIds)
    .orderBy(({ fn }) => fn("lower", ["l.name"]))
    .execute();
  for (const { conversation_id, ...label } of rows) byConversation.set(conversation_id, [...(byConversation.get(conversation_id) ?? []), label]);
  return byConversation;
}

/** Snoozes an open conversation until a time, or wakes it (null); undefined when there is no such conversation. */
export async function snoozeConversation(db: Db, workspaceId: string, conversationId: string, until: Date | null) {
  const row = await db.updateTable("conversations").set({ snoozed_until: until }).where("id", "=", conversationId).returning(["id", "snoozed_until"]).executeTakeFirst();
  if (!row) return undefined;
  await raiseWorkspaceEvent(db, workspaceId, "inbox.conversation", { conversationId, change: until ? "snoozed" : "unsnoozed" });
  return { id: row.id, snoozedUntil: row.snoozed_until };
}
