// Which hosts may receive a channel's bearer token: Meta's own (and the configured Graph hosts), never an arbitrary
// URL found in a webhook or a media answer.

import type { ResolvedConfig } from "../config";

const TRUSTED_MEDIA_HOSTS = [/(^|\.)fbsbx\.com$/, /(^|\.)fbcdn\.net$/, /(^|\.)cdninstagram\.com$/, /(^|\.)facebook\.com$/, /(^|\.)instagram\.com$/];

export function isMetaHost(url: string, config: Pick<ResolvedConfig, "graphUrl" | "instagramGraphUrl">): boolean {
  try {
    const u = new URL(url);
    const own = [config.graphUrl, config.instagramGraphUrl].map((h) => new URL(h).host);
    return own.includes(u.host) || TRUSTED_MEDIA_HOSTS.some((re) => re.test(u.hostname));
  } catch {
    return false;
  }
}
