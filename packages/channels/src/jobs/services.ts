import type { Connectors } from "@sillage/connectors";
import type { Database } from "@sillage/db";
import type { Clock, SecretBox } from "@sillage/domain";

/** What the token-check jobs read from the process's services. */
export interface ChannelsJobServices {
  db: Database;
  clock: Clock;
  connectors: Connectors;
  secretBox: SecretBox;
}
