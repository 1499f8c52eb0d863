import type { Trx } from "../routing";

/** What Sillage cannot apply (an unknown kind, an account no workspace owns, a platform error) is kept for operators. */
export async function keepUnknown(
  trx: Trx,
  deliveryId: number | null,
  workspaceId: string | null,
  platform: string,
  kind: string,
  reason: string | null,
  accountId: string | null,
  field: string | null,
  raw: unknown,
): Promise<void> {
  await trx
    .insertInto("unknown_events")
    .values({
      delivery_id: deliveryId,
      workspace_id: workspaceId,
      platform,
      kind,
      reason,
      account_id: accountId,
      field,
      raw: JSON.stringify(raw ?? null),
    })
    .execute();
}
