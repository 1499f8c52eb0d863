/** Daily usage of the period for `billing.usage`: credits consumed and refunded, publications due, per UTC day. */
import { sql, type Database, type ScopedDb } from "@sillage/db";
import type { Period } from "./period";

export interface DayUsage {
  day: string;
  credits: number;
  posts: number;
}

export async function dailyUsage(db: Database | ScopedDb, workspaceId: string, period: Period): Promise<DayUsage[]> {
  const credits = await db
    .selectFrom("credit_ledger")
    .select([sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`.as("day"), sql<string>`-sum(delta)`.as("n")])
    .where("workspace_id", "=", workspaceId)
    .where("kind", "in", ["consume", "refund"])
    .where("created_at", ">=", period.start)
    .where("created_at", "<", period.end)
    .groupBy("day")
    .execute();
  const posts = await db
    .selectFrom("post_publications")
    .select([sql<string>`to_char(due_at at time zone 'UTC', 'YYYY-MM-DD')`.as("day"), sql<string>`count(*)`.as("n")])
    .where("workspace_id", "=", workspaceId)
    .where("cancelled_at", "is", null)
    .where("due_at", ">=", period.start)
    .where("due_at", "<", period.end)
    .groupBy("day")
    .execute();
  const days: DayUsage[] = [];
  for (let d = new Date(period.start); d < period.end; d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    days.push({ day, credits: Number(credits.find((c) => c.day === day)?.n ?? 0), posts: Number(posts.find((p) => p.day === day)?.n ?? 0) });
  }
  return days;
}
