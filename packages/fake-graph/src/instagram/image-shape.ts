import { GraphError } from "../errors.js";

/** Meta's image specs for feed and carousel images: width / height from 4:5 (portrait) to 1.91:1 (landscape). */
export const FEED_IMAGE_ASPECT = { min: 4 / 5, max: 1.91 } as const;

/**
 * Meta downloads a feed or carousel image container's `image_url` and refuses a shape outside 4:5–1.91:1 when the
 * container is made (36003 / 2207009, contract §3). The fake reads the size from the JPEG's header, fetched only
 * from this machine (the server under test serves its media on loopback): a fake must never reach the internet, so
 * any other link (connector tests' made-up ones) and an image it cannot read are taken on trust, as before.
 */
export async function refuseFeedImageShape(url: string): Promise<void> {
  const size = await loopbackJpegSize(url);
  if (!size) return;
  const aspect = size.width / size.height;
  if (aspect >= FEED_IMAGE_ASPECT.min && aspect <= FEED_IMAGE_ASPECT.max) return;
  throw new GraphError({
    code: 36003,
    subcode: 2207009,
    message: "The aspect ratio is not supported.",
    userTitle: "Cannot Post Image",
    userMsg: `The submitted image with aspect ratio ('${Math.round(aspect * 1000) / 1000}/1',) cannot be published. Please submit an image with a valid aspect ratio.`,
  });
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

async function loopbackJpegSize(url: string): Promise<{ width: number; height: number } | null> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  if (!LOOPBACK.test(host)) return null;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return null;
    return jpegFrameSize(new Uint8Array(await res.arrayBuffer()));
  } catch {
    return null;
  }
}

/** The frame size in a JPEG's SOFn segment, walking the segments from SOI; null for anything else. */
function jpegFrameSize(b: Uint8Array): { width: number; height: number } | null {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  for (let at = 2; at + 9 < b.length && b[at] === 0xff; ) {
    const marker = b[at + 1]!;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      const height = (b[at + 5]! << 8) | b[at + 6]!;
      const width = (b[at + 7]! << 8) | b[at + 8]!;
      return width && height ? { width, height } : null;
    }
    at += 2 + ((b[at + 2]! << 8) | b[at + 3]!);
  }
  return null;
}
