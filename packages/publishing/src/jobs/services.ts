import type { Connectors } from "@sillage/connectors";
import type { Database } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import type { Clock } from "@sillage/time";
import type { MediaServices } from "@sillage/media";
import type { PublishingOptions } from "../publish-run";

/** What the publishing jobs read from the process's services. */
export interface PublishingJobServices {
  db: Database;
  clock: Clock;
  connectors: Connectors;
  secretBox: SecretBox;
  media: MediaServices;
  /** Publishing retry policy and step waits (tests shorten them). */
  publishing?: PublishingOptions;
}
