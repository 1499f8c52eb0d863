// Answer shapes Graph gives on both platforms.

import { z } from "zod";

/** A created object (container, comment reply, published media…). */
export const idSchema = z.object({ id: z.string().min(1) });

/**
 * A Graph boolean: Meta sometimes writes it as the string "true"/"false" (`{"success": "true"}` has been seen), so both
 * are read; any other string is refused rather than guessed.
 */
export const graphBoolean = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** An action's verdict (hide, delete, mark read, subscribe). */
export const successSchema = z.object({ success: graphBoolean });
/**
 * `GET …/subscribed_apps`: one item per app subscribed (Page and Instagram items list `subscribed_fields`; a WABA's
 * items carry `whatsapp_business_api_data`). Only a token of our own app can read it, so any item is ours.
 */
export const subscribedAppsSchema = z.object({
  data: z.array(z.object({ subscribed_fields: z.array(z.string()).optional() }).passthrough()),
});
