import type { Connectors } from "@sillage/connectors";
import type { Database } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import type { Clock } from "@sillage/time";

/** What the token-check jobs read from the process's services. */
export interface ChannelsJobServices {
  db: Database;
  clock: Clock;
  connectors: Connectors;
  secretBox: SecretBox;
}
