import type { InstagramAccount, WhatsAppAccount } from "../state.js";
import type { WebhookEvent } from "./emitter.js";

/** WhatsApp envelope (contract §1.3/§1.5): entry.id = WABA id, timestamps are strings of seconds. */
export function whatsappEvent(acc: WhatsAppAccount, value: Record<string, unknown>): WebhookEvent {
  return {
    product: "whatsapp",
    signer: "meta",
    payload: {
      object: "whatsapp_business_account",
      entry: [
        {
          id: acc.wabaId,
          changes: [
            {
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: acc.displayPhoneNumber, phone_number_id: acc.phoneNumberId },
                ...value,
              },
              field: "messages",
            },
          ],
        },
      ],
    },
  };
}

export const seconds = (ms: number) => String(Math.floor(ms / 1000));

function signer(acc: InstagramAccount) {
  return acc.variant === "instagram" ? ("instagram" as const) : ("meta" as const);
}

/**
 * Instagram DM envelope (§1.6): `time`/`timestamp` in milliseconds. Via the Messenger platform (Facebook Login), a
 * customer's items of a thread another app controls come in `standby[]` instead (handover protocol).
 */
export function instagramMessagingEvent(acc: InstagramAccount, now: number, items: Record<string, unknown>[], customer?: string): WebhookEvent {
  const standby = acc.variant === "facebook" && customer !== undefined && (acc.threadOwners?.has(customer) ?? false);
  return {
    product: "instagram",
    signer: signer(acc),
    payload: { object: "instagram", entry: [{ id: acc.igUserId, time: now, ...(standby ? { standby: items } : { messaging: items }) }] },
  };
}

/** Instagram `changes[]` envelope (§1.7): `time` in seconds here. */
export function instagramChangeEvent(acc: InstagramAccount, now: number, field: string, value: Record<string, unknown>): WebhookEvent {
  return {
    product: "instagram",
    signer: signer(acc),
    payload: { object: "instagram", entry: [{ id: acc.igUserId, time: Math.floor(now / 1000), changes: [{ value, field }] }] },
  };
}
