// Answer shapes Graph gives on both platforms.

import { z } from "zod";

/** A created object (container, comment reply, published media…). */
export const idSchema = z.object({ id: z.string().min(1) });

/** An action's verdict (hide, delete, mark read, subscribe). */
export const successSchema = z.object({ success: z.boolean() });
