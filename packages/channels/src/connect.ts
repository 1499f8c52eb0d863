import { randomUUID } from "node:crypto";
import type { Connectors } from "@sillage/connectors";
import type { NewChannel } from "./store";

/** A long-lived Instagram-login token lives about 60 days; when a person pastes one we do not know its age. */
const ASSUMED_IG_TOKEN_DAYS = 60;

export interface WhatsAppConnectInput {
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  displayName?: string;
}

/**
 * Validates a pasted WhatsApp token with live calls to the configured Graph host (the number and the WABA's
 * templates), before anything is stored. Throws the connector's PlatformError when the platform refuses.
 */
export async function validateWhatsApp(connectors: Connectors, input: WhatsAppConnectInput, now: Date): Promise<Omit<NewChannel, "workspaceId">> {
  const probe = { id: `connect-${randomUUID()}`, platform: "whatsapp" as const, externalId: input.phoneNumberId, wabaId: input.wabaId, accessToken: input.accessToken };
  const number = await connectors.whatsapp.phoneNumber(probe);
  await connectors.whatsapp.listTemplates(probe);
  return {
    platform: "whatsapp",
    externalId: input.phoneNumberId,
    wabaId: input.wabaId,
    displayName: input.displayName?.trim() || number.verifiedName || number.displayPhoneNumber || input.phoneNumberId,
    username: number.displayPhoneNumber ?? null,
    accessToken: input.accessToken,
    tokenIssuedAt: now,
    tokenExpiresAt: null,
  };
}

export interface InstagramConnectInput {
  igUserId?: string;
  accessToken: string;
  variant: "instagram" | "facebook";
  humanAgent?: boolean;
}

/** Validates a pasted Instagram token by reading the account it belongs to (`me`). */
export async function validateInstagram(connectors: Connectors, input: InstagramConnectInput, now: Date): Promise<Omit<NewChannel, "workspaceId">> {
  const me = await connectors.instagram.me(input.accessToken, input.variant);
  if (input.igUserId && me.userId !== input.igUserId) {
    throw new AccountMismatchError(`This token belongs to account ${me.userId}, not ${input.igUserId}`);
  }
  return {
    platform: "instagram",
    variant: input.variant,
    externalId: me.userId,
    appScopedId: me.id,
    displayName: me.name || me.username || me.userId,
    username: me.username ?? null,
    accessToken: input.accessToken,
    tokenIssuedAt: now,
    // Page tokens (Facebook login) do not expire; Instagram-login tokens are refreshed before their ~60 days.
    tokenExpiresAt: input.variant === "facebook" ? null : new Date(now.getTime() + ASSUMED_IG_TOKEN_DAYS * 86_400_000),
    humanAgent: input.humanAgent ?? false,
  };
}

/** The OAuth callback: code → short-lived token → long-lived token → the account. */
export async function completeInstagramOAuth(connectors: Connectors, code: string, redirectUri: string, now: Date): Promise<Omit<NewChannel, "workspaceId">> {
  const result = await connectors.instagram.connectWithCode(code, redirectUri);
  return {
    platform: "instagram",
    variant: "instagram",
    externalId: result.me.userId,
    appScopedId: result.me.id,
    displayName: result.me.name || result.me.username || result.me.userId,
    username: result.me.username ?? null,
    accessToken: result.accessToken,
    tokenIssuedAt: now,
    tokenExpiresAt: result.expiresAt ? new Date(result.expiresAt) : null,
    humanAgent: result.permissions.some((p) => p.toLowerCase().includes("human_agent")),
  };
}

export class AccountMismatchError extends Error {}
