// A WhatsApp customer's identifier changed (a new phone number, or a new business-scoped user id): the contact is
// re-keyed, so their next message continues the same conversation and replies go to the new identifier.
import type { WebhookEvent } from "@sillage/connectors";
import type { RoutedChannel, Trx } from "../routing";

type IdentityChange = NonNullable<Extract<WebhookEvent, { type: "message" }>["identityChange"]>;

/** True when the system message carrying the change was seen before (a redelivery changes nothing). */
export async function alreadyApplied(trx: Trx, ch: RoutedChannel, platformMessageId: string): Promise<boolean> {
  const seen = await trx
    .selectFrom("messages")
    .select("id")
    .where("channel_id", "=", ch.id)
    .where("platform_message_id", "=", platformMessageId)
    .executeTakeFirst();
  return seen !== undefined;
}

export async function applyIdentityChange(trx: Trx, ch: RoutedChannel, change: IdentityChange): Promise<void> {
  // When the new identifier already has a contact (it wrote before this notice was processed), both are kept:
  // merging two histories is a person's call, not a webhook's.
  await trx
    .updateTable("contacts")
    .set({ platform_user_id: change.newId })
    .where("channel_id", "=", ch.id)
    .where("platform_user_id", "=", change.previousId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("contacts as taken")
            .select("taken.id")
            .where("taken.channel_id", "=", ch.id)
            .where("taken.platform_user_id", "=", change.newId),
        ),
      ),
    )
    .execute();
}
