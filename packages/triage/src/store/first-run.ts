/** What the getting-started checklist asks of the AI control: some knowledge, and one rule written. */
import type { ScopedDb } from "@sillage/db";

/** Whether the workspace `db` is scoped to has a knowledge document and an AI rule. */
export async function aiSetupProgress(db: ScopedDb): Promise<{ knowledge: boolean; rule: boolean }> {
  const [doc, rule] = await Promise.all([
    db.selectFrom("knowledge_documents").select("id").limit(1).executeTakeFirst(),
    db.selectFrom("ai_rules").select("id").limit(1).executeTakeFirst(),
  ]);
  return { knowledge: Boolean(doc), rule: Boolean(rule) };
}
