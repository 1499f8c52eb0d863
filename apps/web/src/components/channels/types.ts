import type { RouterOutputs } from "../../lib/trpc";

export type Channel = RouterOutputs["channels"]["list"][number];
export type ChannelHealth = RouterOutputs["channels"]["health"][number];
export type Platform = "whatsapp" | "instagram";

/** What the Reconnect action hands to the connect forms: the account to prefill, and a fresh key each click. */
export interface ReconnectTarget {
  channel: Channel;
  nonce: number;
}

/** Mirrors of the server's checks (packages/api/src/router/channels.ts), so errors show in the person's language first. */
export const GRAPH_ID_PATTERN = /^\d{5,30}$/;
export const ACCESS_TOKEN_MIN = 20;
export const ACCESS_TOKEN_MAX = 2000;

export function platformOf(channel: Pick<Channel, "platform">): Platform {
  return channel.platform === "whatsapp" ? "whatsapp" : "instagram";
}
