// Meta sends an account's webhooks only to apps subscribed for it: `POST /{waba-id}/subscribed_apps` (WhatsApp),
// `POST /{ig-user-id}/subscribed_apps` with the fields wanted (Instagram Login), or the app installed on the
// account's Page, `POST /{page-id}/subscribed_apps` (Facebook Login: the Instagram fields are the app's, chosen in
// the App Dashboard). The fake does the same, so a product that never subscribes hears nothing, as it would on Meta.
import type { FakeGraphState, InstagramAccount } from "../state.js";
import type { WebhookEvent } from "./emitter.js";

/** The Instagram field a `messaging[]` item belongs to (Meta's Instagram webhook fields). */
function messagingField(item: Record<string, unknown>): string {
  if ("reaction" in item) return "message_reactions";
  if ("read" in item) return "messaging_seen";
  if ("postback" in item) return "messaging_postbacks";
  if ("referral" in item) return "messaging_referral";
  if ("optin" in item) return "messaging_optins";
  if ("message_edit" in item) return "message_edit";
  return "messages";
}

function instagramFields(entry: Record<string, unknown>): string[] {
  const changes = Array.isArray(entry.changes) ? (entry.changes as { field?: string }[]) : [];
  const messaging = Array.isArray(entry.messaging) ? (entry.messaging as Record<string, unknown>[]) : [];
  return [...changes.map((c) => c.field ?? ""), ...messaging.map(messagingField)];
}

function instagramSubscribed(acc: InstagramAccount, entry: Record<string, unknown>): boolean {
  if (acc.variant === "facebook") return acc.pageSubscribedFields.length > 0;
  return instagramFields(entry).every((f) => acc.subscribedFields.includes(f));
}

/**
 * The event with only the entries of accounts the app is subscribed for (null: none is). Raw bodies and accounts the
 * fake does not know (hand-made test bodies) pass as they are.
 */
export function subscribedPart(s: FakeGraphState, e: WebhookEvent): WebhookEvent | null {
  if (typeof e.payload === "string" || e.raw) return e;
  const entry = e.payload.entry.filter((x) => {
    const id = String(x.id);
    if (e.product === "whatsapp") {
      const waba = s.wabas.get(id);
      return !waba || waba.subscribed;
    }
    const acc = s.igAccounts.get(id);
    return !acc || instagramSubscribed(acc, x);
  });
  if (entry.length === e.payload.entry.length) return e;
  return entry.length ? { ...e, payload: { ...e.payload, entry } } : null;
}
