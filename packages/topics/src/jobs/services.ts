import type { Database } from "@sillage/db";
import type { Clock } from "@sillage/time";
import type { ModelProvider } from "@sillage/triage";

/** What topics' handlers read: the database, the clock, and the model provider whose embedder is in use. */
export interface TopicsJobServices {
  db: Database;
  clock: Clock;
  ai?: ModelProvider;
}
