import type { Runner } from "@sillage/queue";
import { startJobWorker, type JobServices } from "../../src/jobs";
import { ok, type ApiSession, type TestServer } from "../harness";

/** A JPEG header of `width` × `height` (SOF0, no pixels): what media.upload reads the size from, kept as sent. */
export function jpegOfSize(width: number, height: number): Buffer {
  return Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
  ]);
}

/** A tiny but real JPEG (20×16, 5:4 landscape): what media.upload and Instagram accept. */
export function tinyJpeg(): Buffer {
  return jpegOfSize(20, 16);
}

/** A JPEG of 32×16 (2:1): wider than the 1.91:1 Instagram takes for feed and carousel images. */
export function wideJpeg(): Buffer {
  return jpegOfSize(32, 16);
}

export function workerServices(server: TestServer, publishing: JobServices["publishing"] = {}): JobServices {
  return {
    db: server.db.db,
    clock: server.clock,
    connectors: server.connectors,
    secretBox: server.secretBox,
    media: server.media,
    ai: server.ai,
    publishing: { retry: { delaysMs: [150, 300], jitter: 0 }, ...publishing },
  };
}

export async function startTestWorker(server: TestServer, publishing?: JobServices["publishing"]): Promise<Runner> {
  return startJobWorker({ pool: server.db.pool, services: workerServices(server, publishing), logger: server.logger, concurrency: 4, pollInterval: 100 });
}

export async function connectWhatsApp(server: TestServer, b: ApiSession) {
  const wa = server.fake.control.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Hello {{1}}" }] });
  const { id } = ok<{ id: string }>(await b.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
  return { channelId: id, ...wa };
}

export async function connectInstagram(server: TestServer, b: ApiSession) {
  const ig = server.fake.control.createInstagramAccount({ variant: "instagram" });
  const { id } = ok<{ id: string }>(await b.mutation("channels.connectInstagram", { accessToken: ig.token }));
  return { channelId: id, ...ig };
}

export async function uploadJpeg(b: ApiSession): Promise<string> {
  return ok<{ id: string }>(await b.mutation("media.upload", { data: `data:image/jpeg;base64,${tinyJpeg().toString("base64")}`, filename: "photo.jpg" })).id;
}

export const waTemplate = (phones: string[]) => ({ whatsapp: { template: { name: "promo", language: "en_US", bodyParams: ["Ana"] }, audience: { phones } } });

export async function publicationsOf(server: TestServer, postId: string) {
  return server.db.db.selectFrom("post_publications").selectAll().where("post_id", "=", postId).orderBy("due_at").execute();
}

export async function runsOf(server: TestServer, publicationId: string) {
  return server.db.db.selectFrom("post_runs").selectAll().where("publication_id", "=", publicationId).orderBy("attempt").orderBy("started_at").execute();
}

export const inSeconds = (server: TestServer, s: number) => new Date(server.clock.now().getTime() + s * 1000).toISOString();
