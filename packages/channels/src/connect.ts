import { randomUUID } from "node:crypto";
import { isPlatformError, type Channel, type Connectors, type TokenExpiry } from "@sillage/connectors";
import type { NewChannel } from "./store";

const UNKNOWN: TokenExpiry = { kind: "unknown" };

/**
 * What the platform says of the lifetime of a token being connected (debug_token). No answer leaves it unknown —
 * the daily check asks again — but a token refused outright is not connected.
 */
async function expiryAtConnection(connectors: Connectors, probe: Channel): Promise<TokenExpiry> {
  try {
    return (await connectors.get(probe.platform).checkToken(probe)).expiry;
  } catch (err) {
    if (isPlatformError(err) && err.kind === "auth_expired") throw err;
    return UNKNOWN;
  }
}

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
  const tokenExpiry = await expiryAtConnection(connectors, probe);
  return {
    platform: "whatsapp",
    externalId: input.phoneNumberId,
    wabaId: input.wabaId,
    displayName: input.displayName?.trim() || number.verifiedName || number.displayPhoneNumber || input.phoneNumberId,
    username: number.displayPhoneNumber ?? null,
    accessToken: input.accessToken,
    tokenIssuedAt: now,
    tokenExpiry,
  };
}

export interface InstagramConnectInput {
  igUserId?: string;
  accessToken: string;
  variant: "instagram" | "facebook";
  humanAgent?: boolean;
}

/**
 * Validates a pasted Instagram token by reading the account it belongs to (`me`). A Page token's expiry comes from
 * debug_token; an Instagram-Login token's age is unknown when pasted, so is its expiry until its first refresh.
 */
export async function validateInstagram(connectors: Connectors, input: InstagramConnectInput, now: Date): Promise<Omit<NewChannel, "workspaceId">> {
  const me = await connectors.instagram.me(input.accessToken, input.variant);
  if (input.igUserId && me.userId !== input.igUserId) {
    throw new AccountMismatchError(`This token belongs to account ${me.userId}, not ${input.igUserId}`);
  }
  const tokenExpiry =
    input.variant === "facebook"
      ? await expiryAtConnection(connectors, { id: `connect-${randomUUID()}`, platform: "instagram", variant: "facebook", externalId: me.userId, accessToken: input.accessToken })
      : UNKNOWN;
  return {
    platform: "instagram",
    variant: input.variant,
    externalId: me.userId,
    appScopedId: me.id,
    displayName: me.name || me.username || me.userId,
    username: me.username ?? null,
    accessToken: input.accessToken,
    tokenIssuedAt: now,
    tokenExpiry,
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
    // The exchange's expires_in.
    tokenExpiry: result.expiresAt ? { kind: "at", at: result.expiresAt } : UNKNOWN,
    humanAgent: result.permissions.some((p) => p.toLowerCase().includes("human_agent")),
  };
}

export class AccountMismatchError extends Error {}
