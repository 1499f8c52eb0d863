import { mediaSigningKey, signMediaUrl } from "./signing";
import type { MediaStore } from "./store";

/** What routers and jobs use: the store, and links signed for this server's public URL. */
export interface MediaServices {
  store: MediaStore;
  signingKey: Buffer;
  /** A signed, expiring link to a stored object (default one hour). */
  signUrl(key: string, ttlSeconds?: number): string;
}

export function createMediaServices(opts: { store: MediaStore; appSecret: string; appUrl: string; now: () => Date }): MediaServices {
  const signingKey = mediaSigningKey(opts.appSecret);
  return {
    store: opts.store,
    signingKey,
    signUrl: (key, ttlSeconds = 3600) => signMediaUrl({ appUrl: opts.appUrl, signingKey, key, ttlSeconds, now: opts.now() }),
  };
}
