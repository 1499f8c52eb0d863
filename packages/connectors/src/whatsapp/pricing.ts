// What a WhatsApp status says of the message's price and conversation (status webhook reference, §1.5 of the
// contract). Two shapes are live: conversation-based pricing (`pricing_model: "CBP"`, before July 2025: `billable`,
// `category`, and a `conversation` {id, origin.type, expiration_timestamp} on `sent` and `delivered`) and per-message
// pricing (`"PMP"`: `category` plus `type` regular | free_customer_service | free_entry_point, `billable` deprecated,
// `conversation` omitted from v24 except inside free entry point windows). Meta adds categories over time
// (authentication_international, marketing_lite…): words are kept as sent, bounded, never refused.

import { z } from "zod";
import { metaTimeToIso } from "../time";
import type { StatusConversation, StatusPricing } from "../types";

const word = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((s) => s.toLowerCase())
  .optional()
  .catch(undefined);

const pricingSchema = z.object({
  billable: z.boolean().optional().catch(undefined),
  pricing_model: z.string().trim().min(1).max(16).optional().catch(undefined),
  category: word,
  type: word,
});

const conversationSchema = z.object({
  id: z.string().trim().min(1).max(200).optional().catch(undefined),
  expiration_timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().positive()]).optional().catch(undefined),
  origin: z.object({ type: word }).optional().catch(undefined),
});

/** What `schema` reads of `raw`, built into facts; null when it is absent, not an object, or every fact is unknown. */
function facts<S extends z.ZodType, T extends object>(schema: S, raw: unknown, build: (value: z.output<S>) => T): T | null {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return null;
  const out = build(parsed.data);
  return Object.values(out).every((v) => v === null) ? null : out;
}

/** The status's `pricing`, or null when there is none or nothing in it is readable. */
export function statusPricing(raw: unknown): StatusPricing | null {
  return facts(pricingSchema, raw, (p) => ({
    billable: p.billable ?? null,
    model: p.pricing_model?.toUpperCase() ?? null,
    category: p.category ?? null,
    type: p.type ?? null,
  }));
}

/** The status's `conversation`, or null when there is none or nothing in it is readable. */
export function statusConversation(raw: unknown): StatusConversation | null {
  return facts(conversationSchema, raw, (c) => ({
    id: c.id ?? null,
    originType: c.origin?.type ?? null,
    expiresAt: c.expiration_timestamp !== undefined ? metaTimeToIso(c.expiration_timestamp) : null,
  }));
}
