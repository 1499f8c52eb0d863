// The delivery writer: a verified webhook body is kept, with the job that will process it, before Meta gets its 200.
import type { Platform } from "@sillage/connectors";
import { sql, type Database } from "@sillage/db";
import { addJobExpression, addJobsExpression } from "@sillage/queue";
import { processDeliveryJob } from "../jobs";

/**
 * Keeps a verified delivery and its processing job in ONE statement (atomic without an explicit transaction):
 * once this returns, the delivery survives a crash and will be processed. The job has no key (a keyed insert costs
 * ≈ 12 % of webhook throughput); the repair sweep leaves a delivery alone while its job is still alive.
 */
export async function storeDelivery(
  db: Database,
  d: { platform: Platform; rawBody: Uint8Array; headers: Record<string, string> },
): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    with d as (
      insert into webhook_deliveries (platform, raw_body, headers)
      values (${d.platform}, ${Buffer.from(d.rawBody.buffer, d.rawBody.byteOffset, d.rawBody.byteLength)}, ${JSON.stringify(d.headers)}::jsonb)
      returning id
    )
    select d.id, ${addJobExpression(processDeliveryJob, sql`json_build_object('deliveryId', d.id)`)}
    from d`.execute(db);
  return Number(rows[0]!.id);
}

export interface IncomingDelivery {
  platform: Platform;
  rawBody: Uint8Array;
  headers: Record<string, string>;
}

/**
 * Group commit for the webhook route: deliveries arriving while a write is in flight are stored together by the
 * next one (one INSERT of many rows and their jobs, one commit, one fsync). At low load a delivery is written at
 * once, alone; under load the batches grow, so throughput follows the load without a timer adding latency.
 * `store()` resolves only after the commit that made its delivery durable.
 */
export class DeliveryWriter {
  private queue: { d: IncomingDelivery; resolve: (id: number) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Database,
    private readonly opts: { maxBatch?: number; maxBatchBytes?: number; concurrency?: number } = {},
  ) {}

  store(d: IncomingDelivery): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ d, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const concurrency = this.opts.concurrency ?? 4;
    while (this.inFlight < concurrency && this.queue.length > 0) {
      const size = nextBatchSize(
        this.queue.map((q) => q.d.rawBody.byteLength),
        this.opts.maxBatch ?? 250,
        this.opts.maxBatchBytes ?? MAX_BATCH_BYTES,
      );
      const batch = this.queue.splice(0, size);
      this.inFlight++;
      storeDeliveries(this.db, batch.map((b) => b.d))
        .then(
          (ids) => batch.forEach((b, i) => b.resolve(ids[i]!)),
          (err: unknown) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}

/**
 * Body bytes per group commit. The bodies travel as one bytea[] parameter, sent as hex text (two characters a byte): 250 bodies
 * of 3 MB would pass V8's ~512 M character string limit and fail the whole batch.
 */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/** How many queued deliveries (by body size, in order) the next write takes: at most `maxBatch` and `maxBytes`, at least one. */
export function nextBatchSize(sizes: readonly number[], maxBatch: number, maxBytes: number): number {
  let n = 0;
  let bytes = 0;
  while (n < Math.min(sizes.length, maxBatch)) {
    bytes += sizes[n]!;
    if (n > 0 && bytes > maxBytes) break;
    n++;
  }
  return n;
}

/** Many deliveries and their processing jobs in ONE statement; ids come back in input order. */
export async function storeDeliveries(db: Database, ds: IncomingDelivery[]): Promise<number[]> {
  if (ds.length === 0) return [];
  // Identity values are drawn in insertion order, and the SELECT feeds rows in `ord` order: sorted ids map back.
  const { rows } = await sql<{ ids: (number | string)[] }>`
    with d as (
      insert into webhook_deliveries (platform, raw_body, headers)
      select p, b, h from unnest(${ds.map((d) => d.platform)}::text[], ${ds.map((d) => Buffer.from(d.rawBody.buffer, d.rawBody.byteOffset, d.rawBody.byteLength))}::bytea[], ${ds.map((d) => JSON.stringify(d.headers))}::jsonb[])
        with ordinality as u(p, b, h, ord)
      order by ord
      returning id
    ), j as (
      select count(*) as n from ${addJobsExpression(processDeliveryJob, { payload: sql`json_build_object('deliveryId', d.id)`, from: sql`d`, orderBy: sql`d.id` })}
    )
    select (select array_agg(id order by id) from d) as ids, (select n from j) as jobs`.execute(db);
  return rows[0]!.ids.map(Number);
}
