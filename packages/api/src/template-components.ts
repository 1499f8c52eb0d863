/**
 * The `components` of a WhatsApp template message, as Meta's Cloud API documents its parameters (text, currency,
 * date_time, media by link or id, location, quick-reply payload, coupon code, flow action). Typed rather than
 * passed through, so every string is bounded and every media link is checked as a public address (Meta fetches it).
 */
import { publicLinkSchema } from "@sillage/validators";
import { z } from "zod";
import { fieldIssue } from "./error-codes";

const name = z.string().trim().min(1).max(100);
const media = z
  .object({ link: publicLinkSchema.optional(), id: z.string().trim().max(30).regex(/^\d+$/, "A media id from an upload (digits)").optional() })
  .refine((m) => !m.link !== !m.id, fieldIssue("template_media_link_or_id"));

const parameter = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(4096), parameter_name: name.optional() }),
  z.object({
    type: z.literal("currency"),
    currency: z.object({ fallback_value: z.string().trim().min(1).max(100), code: z.string().max(3).refine((c) => /^[A-Z]{3}$/.test(c), fieldIssue("currency_code")), amount_1000: z.number().int().min(0).max(1e15) }),
    parameter_name: name.optional(),
  }),
  z.object({ type: z.literal("date_time"), date_time: z.object({ fallback_value: z.string().trim().min(1).max(100) }), parameter_name: name.optional() }),
  z.object({ type: z.literal("image"), image: media }),
  z.object({ type: z.literal("video"), video: media }),
  z.object({ type: z.literal("document"), document: z.intersection(media, z.object({ filename: z.string().trim().min(1).max(240).optional() })) }),
  z.object({
    type: z.literal("location"),
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), name: z.string().max(1000).optional(), address: z.string().max(1000).optional() }),
  }),
  z.object({ type: z.literal("payload"), payload: z.string().min(1).max(1000) }),
  z.object({ type: z.literal("coupon_code"), coupon_code: z.string().trim().min(1).max(20) }),
  z.object({ type: z.literal("action"), action: z.object({ flow_token: z.string().max(1000).optional(), thumbnail_product_retailer_id: z.string().max(100).optional() }) }),
]);

export const templateComponentsSchema = z
  .array(
    z.object({
      type: z.enum(["header", "body", "button"]),
      sub_type: z.enum(["quick_reply", "url", "copy_code", "flow", "catalog", "mpm", "voice_call"]).optional(),
      index: z.union([z.number().int().min(0).max(9), z.string().max(1).regex(/^\d$/, "A button index, 0 to 9")]).optional(),
      parameters: z.array(parameter).max(20).optional(),
    }),
  )
  .max(12);
