import { readablePhone } from "../../lib/phone";

interface Named {
  platform: string;
  username?: string | null;
}

/** What tells an account apart beyond its name: the Instagram @username, the WhatsApp number as people read it. */
export function channelHandle(channel: Named): string | null {
  if (!channel.username) return null;
  return channel.platform === "instagram" ? `@${channel.username}` : readablePhone(channel.username);
}

/**
 * For a list of channels to choose from: the handle of those whose display name another one shares (two Instagram
 * accounts both "Sillage Test"), null for the others, whose name is enough.
 */
export function collidingHandles<T extends Named>(channels: readonly T[], nameOf: (c: T) => string): (c: T) => string | null {
  const key = (c: T) => nameOf(c).trim().toLowerCase();
  const counts = new Map<string, number>();
  for (const c of channels) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
  return (c) => ((counts.get(key(c)) ?? 0) > 1 ? channelHandle(c) : null);
}
