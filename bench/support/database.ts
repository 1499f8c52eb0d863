/**
 * A bench's scratch database (on DATABASE_URL / TEST_DATABASE_URL, else an embedded server), migrated and dropped
 * afterwards, and the real tRPC procedures as a workspace's token calls them.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { createCaller, type ApiContext } from "@sillage/api";
import { saveChannel } from "@sillage/channels";
import { createConnectors } from "@sillage/connectors";
import { createDb, ensureDatabase, migrate, startEmbeddedPostgres, type Database } from "@sillage/db";
import { SecretBox } from "@sillage/crypto";
import { systemClock } from "@sillage/time";
import { createMediaServices, localMediaStore } from "@sillage/media";
import { createLogger } from "@sillage/observability";
import pg from "pg";

export interface BenchDatabase {
  db: Database;
  pool: pg.Pool;
  /** The scratch database's URL, for the processes a bench starts. */
  url: string;
  drop(): Promise<void>;
}

export async function openBenchDatabase(name: string, opts: { maxConnections?: number } = {}): Promise<BenchDatabase> {
  const embedded = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), "sillage-bench-pg") });
  const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? embedded!.url;
  const dbName = `sillage_bench_${name}_${Date.now()}`;
  await ensureDatabase(serverUrl, dbName);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const handle = createDb(url.toString(), { max: opts.maxConnections ?? 4 });
  await migrate(handle.pool);
  return {
    db: handle.db,
    pool: handle.pool,
    url: url.toString(),
    async drop() {
      await handle.close();
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
      await embedded?.stop();
    },
  };
}

/** The WhatsApp number webhook benches post to: one workspace, one connected channel. */
export const BENCH_WHATSAPP = { phoneNumberId: "106540352242922", wabaId: "102290129340398" } as const;

export async function seedBenchWhatsAppChannel(db: Database, secretBox: SecretBox): Promise<{ workspaceId: string; channelId: string }> {
  const ws = await db.insertInto("workspaces").values({ name: "Bench", slug: "bench" }).returning("id").executeTakeFirstOrThrow();
  const channelId = await saveChannel(db, secretBox, {
    workspaceId: ws.id,
    platform: "whatsapp",
    externalId: BENCH_WHATSAPP.phoneNumberId,
    wabaId: BENCH_WHATSAPP.wabaId,
    displayName: "Bench",
    accessToken: "EAAG-bench-token-not-used",
    tokenIssuedAt: new Date(),
  });
  return { workspaceId: ws.id, channelId };
}

/** The real procedures as an admin token of `workspaceId` calls them (scoping, row-level security and all). */
export function benchCaller(db: Database) {
  const secret = "bench-app-secret-0123456789abcdef0123456789";
  const services = {
    db,
    logger: createLogger({ level: "warn" }),
    clock: systemClock,
    events: { stream: () => (async function* () {})() },
    appUrl: "http://127.0.0.1:3000",
    connectors: createConnectors({ graphUrl: "http://127.0.0.1:9", instagramGraphUrl: "http://127.0.0.1:9", instagramOauthUrl: "http://127.0.0.1:9", graphVersion: "v25.0", timeoutMs: 1000 }),
    secretBox: new SecretBox(secret),
    media: createMediaServices({ store: localMediaStore(path.join(os.tmpdir(), "sillage-bench-media")), appSecret: secret, appUrl: "http://127.0.0.1:3000", now: () => new Date() }),
    oauth: { instagramAuthorizeUrl: "http://127.0.0.1:9" },
  };
  return (workspaceId: string) =>
    createCaller({
      ...services,
      requestId: randomUUID(),
      ip: "127.0.0.1",
      userAgent: "bench",
      sameOrigin: true,
      requestedWorkspaceId: null,
      auth: { kind: "token", tokenId: randomUUID(), workspaceId, role: "admin" },
      cookies: { set() {}, clear() {} },
      // The benched procedures use none of the other services (AI provider, demo control…).
    } as unknown as ApiContext);
}
