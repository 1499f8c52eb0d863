import { STREAM_READY, type LiveEvent, type WorkspaceEventSource } from "@sillage/api";
import { lastWorkspaceEventId, readWorkspaceEvent, workspaceEventsAfter, type Database } from "@sillage/db";
import type { Logger } from "@sillage/observability";
import { subscriptionsOpen } from "@sillage/observability";
import pg from "pg";

type Subscriber = { workspaceId: string; push(e: LiveEvent): void; catchUp(): void };

const REPLAY_LIMIT = 500;

/**
 * Relays workspace events to live subscribers. One LISTEN connection per web process receives `sillage_events`
 * notifications (raised on commit by any process, worker included); each subscriber first replays what it missed
 * since its last event id, then follows live. After a LISTEN reconnect, subscribers catch up from the table.
 */
export class EventHub implements WorkspaceEventSource {
  private readonly subscribers = new Set<Subscriber>();
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = 500;

  constructor(
    private readonly connectionString: string,
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on("error", (err) => {
      this.logger.warn({ err }, "event LISTEN connection lost; reconnecting");
      this.reconnect(client);
    });
    client.on("notification", (msg) => {
      const payload = msg.payload;
      if (msg.channel !== "sillage_events" || !payload) return;
      // One at a time, in NOTIFY order: two events of one commit read concurrently could reach a stream newest first,
      // and the stream skips ids at or below the last it yielded, so the older one would be lost.
      this.dispatching = this.dispatching.then(() => this.dispatch(payload));
    });
    await client.connect();
    await client.query("LISTEN sillage_events");
    this.client = client;
    this.retryMs = 500;
  }

  private reconnect(old: pg.Client) {
    if (this.closed || this.client !== old) return;
    this.client = undefined;
    old.end().catch(() => {});
    setTimeout(() => {
      this.start()
        .then(() => this.subscribers.forEach((s) => s.catchUp()))
        .catch((err: unknown) => {
          this.logger.warn({ err }, "event LISTEN reconnect failed");
          this.retryMs = Math.min(this.retryMs * 2, 10_000);
          this.reconnect(old);
        });
    }, this.retryMs).unref();
  }

  private dispatching: Promise<void> = Promise.resolve();

  private async dispatch(payload: string) {
    let note: { id: number; w: string };
    try {
      note = JSON.parse(payload) as { id: number; w: string };
    } catch {
      return;
    }
    const targets = [...this.subscribers].filter((s) => s.workspaceId === note.w);
    if (!targets.length) return;
    const row = await readWorkspaceEvent(this.db, note.id).catch((err: unknown) => {
        this.logger.warn({ err }, "could not read workspace event");
        return undefined;
      });
    if (!row) return;
    const event = toLive(row);
    for (const s of targets) s.push(event);
  }

  private replay(workspaceId: string, afterId: number) {
    return workspaceEventsAfter(this.db, workspaceId, afterId, REPLAY_LIMIT);
  }

  async *stream(workspaceId: string, opts: { lastEventId?: number; signal?: AbortSignal }): AsyncIterable<LiveEvent> {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    // Subscribe before reading the table so nothing committed in between is missed; duplicates are skipped by id.
    let lastId = 0;
    const sub: Subscriber = {
      workspaceId,
      push: (e) => {
        queue.push(e);
        notify();
      },
      catchUp: () => {
        void this.replay(workspaceId, lastId).then((rows) => rows.forEach((r) => sub.push(toLive(r))));
      },
    };
    this.subscribers.add(sub);
    subscriptionsOpen.inc();
    opts.signal?.addEventListener("abort", notify);
    try {
      if (opts.lastEventId !== undefined) {
        lastId = opts.lastEventId;
        queue.unshift(...(await this.replay(workspaceId, lastId)).map(toLive));
      } else {
        lastId = await lastWorkspaceEventId(this.db, workspaceId);
      }
      // Subscribed and positioned: what a client fetches from now on holds every event up to `lastId`, and the
      // stream brings every later one. A client that refetched on the connection's opening instead could read just
      // before an event this stream then skips (its id at or below `lastId`).
      yield { id: lastId, type: STREAM_READY, payload: {}, createdAt: new Date() };
      while (!opts.signal?.aborted && !this.closed) {
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if (next.id <= lastId) continue;
        lastId = next.id;
        yield next;
      }
    } finally {
      this.subscribers.delete(sub);
      subscriptionsOpen.dec();
      opts.signal?.removeEventListener("abort", notify);
    }
  }

  /** Ends every open stream (shutdown) and the LISTEN connection. */
  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.forEach((s) => s.push({ id: 0, type: "closing", payload: {}, createdAt: new Date() }));
    await this.client?.end().catch(() => {});
  }
}

function toLive(row: { id: number; type: string; payload: unknown; created_at: Date }): LiveEvent {
  return { id: Number(row.id), type: row.type, payload: (row.payload ?? {}) as Record<string, unknown>, createdAt: row.created_at };
}
