// Answer shapes Graph gives on both platforms.

import { z } from "zod";

/** A created object (container, comment reply, published media…). */
export const idSchema = z.object({ id: z.string().min(1) });

/** An action's verdict (hide, delete, mark read, subscribe). */
export const successSchema = z.object({ success: z.boolean() });
/**
 * `GET …/subscribed_apps`: one item per app subscribed (Page and Instagram items list `subscribed_fields`; a WABA's
 * items carry `whatsapp_business_api_data`). Only a token of our own app can read it, so any item is ours.
 */
export const subscribedAppsSchema = z.object({
  data: z.array(z.object({ subscribed_fields: z.array(z.string()).optional() }).passthrough()),
});
