import { IANAZone } from "luxon";
import { z } from "zod";

export const DEFAULT_TIME_ZONE = "Europe/Paris";

/** An IANA zone name the runtime knows (Europe/Paris, America/New_York…), never a fixed offset. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone) && zone.includes("/") || zone === "UTC", {
    message: "Unknown time zone: use an IANA name such as Europe/Paris",
    // The API's field-issue code (@sillage/api error-codes): the SPA words it in the reader's language.
    params: { code: "time_zone_unknown" },
  });
