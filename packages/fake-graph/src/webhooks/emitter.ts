import type { AppsConfig } from "../state.js";
import { serializeLikeMeta, type SerializeOptions } from "./serialize.js";
import { signWebhookBody, signWebhookBodySha1 } from "./sign.js";

export const DEFAULT_META_APP_SECRET = "fake-meta-app-secret";
export const DEFAULT_INSTAGRAM_APP_SECRET = "fake-instagram-app-secret";

export type WebhookProduct = "whatsapp" | "instagram";
/** Which app signs: instagram-login accounts use the Instagram app secret, everything else the Meta app secret. */
export type WebhookSigner = "meta" | "instagram";

export interface WebhookEvent {
  product: WebhookProduct;
  signer: WebhookSigner;
  /** Full body `{object, entry:[…]}`, or a raw string sent as is. */
  payload: { object: string; entry: Record<string, unknown>[] } | string;
  /** A body a test hands over as is (`sendRawWebhook`): sent whatever the subscriptions. */
  raw?: boolean;
}

export interface WebhookConfig {
  whatsapp?: { url: string; secret?: string };
  instagram?: { url: string; secret?: string };
  metaAppSecret?: string;
  instagramAppSecret?: string;
  legacySha1: boolean;
  escapeUnicode: boolean;
  escapeSlashes?: boolean;
  spacedSeparators?: boolean;
  retry: { maxAttempts: number; backoffMs: number[] } | false;
  duplicate: boolean | number;
  reorder: boolean;
  batchWindowMs: number;
  statuses: ("sent" | "delivered" | "read")[];
  echoes: boolean;
  ownComments: boolean;
  timeoutMs: number;
}

export type WebhookConfigInput = Partial<WebhookConfig>;

export interface Delivery {
  id: number;
  /** Same for every attempt/duplicate of one body. */
  eventKey: number;
  product: WebhookProduct;
  url: string | null;
  attempt: number;
  duplicate: boolean;
  body: string;
  headers: Record<string, string>;
  status: number | null;
  error?: string;
  skipped?: boolean;
  at: number;
}

function defaults(): WebhookConfig {
  return {
    legacySha1: true,
    escapeUnicode: true,
    // "immediately, then a few more times with decreasing frequency" — compressed to milliseconds for tests.
    retry: { maxAttempts: 4, backoffMs: [0, 20, 50, 100] },
    duplicate: false,
    reorder: false,
    batchWindowMs: 0,
    statuses: ["sent", "delivered", "read"],
    echoes: true,
    ownComments: true,
    timeoutMs: 5000,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class WebhookEmitter {
  config: WebhookConfig = defaults();
  readonly deliveries: Delivery[] = [];
  private queue: Promise<void> = Promise.resolve();
  private pending = new Set<Promise<void>>();
  private batch: WebhookEvent[] = [];
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private eventSeq = 0;
  /** Bumped by reset() so work queued before a reset does not log into the new run. */
  private generation = 0;

  constructor(
    private readonly apps: () => AppsConfig,
    private readonly now: () => number,
    /** The part of an event Meta would send: the entries of accounts the app is subscribed for (null: nothing). */
    private readonly subscribed: (e: WebhookEvent) => WebhookEvent | null = (e) => e,
  ) {}

  configure(input: WebhookConfigInput): WebhookConfig {
    this.config = { ...this.config, ...input };
    return this.config;
  }

  reset(): void {
    this.generation++;
    this.config = defaults();
    this.deliveries.length = 0;
    this.batch = [];
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
  }

  /** Emit events produced together (e.g. sent+delivered+read of one send). Never blocks the caller. */
  emit(all: WebhookEvent[]): void {
    const events: WebhookEvent[] = [];
    for (const e of all) {
      const sent = this.subscribed(e);
      if (sent) events.push(sent);
      // Logged as skipped, so a test can see what Meta would have kept to itself.
      else this.log({ eventKey: ++this.eventSeq, product: e.product, url: null, attempt: 1, duplicate: false, body: this.serialize(e.product, e.payload), headers: {}, status: null, skipped: true, error: "app not subscribed" });
    }
    if (events.length === 0) return;
    if (this.config.batchWindowMs > 0) {
      this.batch.push(...events);
      this.batchTimer ??= setTimeout(() => this.flushBatch(), this.config.batchWindowMs);
      return;
    }
    this.enqueue(this.config.reorder ? [...events].reverse() : events);
  }

  /** Resolves once nothing is buffered, queued or being retried. */
  async flush(): Promise<void> {
    this.flushBatch();
    for (;;) {
      await this.queue;
      if (this.pending.size === 0) return;
      await Promise.all([...this.pending]);
    }
  }

  secretFor(product: WebhookProduct, signer: WebhookSigner): string {
    const c = this.config;
    const apps = this.apps();
    const meta = c.metaAppSecret ?? apps.metaAppSecret;
    const ig = c.instagramAppSecret ?? apps.instagramAppSecret;
    if (product === "whatsapp") return c.whatsapp?.secret ?? meta ?? DEFAULT_META_APP_SECRET;
    if (signer === "instagram") return ig ?? c.instagram?.secret ?? DEFAULT_INSTAGRAM_APP_SECRET;
    return meta ?? c.instagram?.secret ?? DEFAULT_META_APP_SECRET;
  }

  serialize(product: WebhookProduct, payload: unknown): string {
    const c = this.config;
    const o: SerializeOptions = {
      escapeUnicode: c.escapeUnicode,
      // WhatsApp bodies look PHP-encoded (\/); real IG bodies use ", " separators (contract §1.2).
      escapeSlashes: c.escapeSlashes ?? product === "whatsapp",
      spacedSeparators: c.spacedSeparators ?? product === "instagram",
    };
    return serializeLikeMeta(payload, o);
  }

  private flushBatch(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batch.length === 0) return;
    const events = this.config.reorder ? [...this.batch].reverse() : this.batch;
    this.batch = [];
    this.enqueue(mergeBatch(events));
  }

  private enqueue(events: WebhookEvent[]): void {
    const gen = this.generation;
    this.queue = this.queue.then(async () => {
      for (const e of events) if (gen === this.generation) await this.deliverEvent(e, gen);
    });
  }

  private async deliverEvent(e: WebhookEvent, gen: number): Promise<void> {
    const body = typeof e.payload === "string" ? e.payload : this.serialize(e.product, e.payload);
    const secret = this.secretFor(e.product, e.signer);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "facebookexternalua",
      "x-hub-signature-256": signWebhookBody(secret, Buffer.from(body, "utf8")),
    };
    if (this.config.legacySha1) headers["x-hub-signature"] = signWebhookBodySha1(secret, Buffer.from(body, "utf8"));
    const url = this.config[e.product]?.url ?? null;
    const eventKey = ++this.eventSeq;
    if (!url) {
      this.log({ eventKey, product: e.product, url: null, attempt: 1, duplicate: false, body, headers, status: null, skipped: true });
      return;
    }
    const copies = this.config.duplicate === true ? 2 : typeof this.config.duplicate === "number" ? Math.max(1, this.config.duplicate) : 1;
    for (let copy = 0; copy < copies; copy++) {
      const ok = await this.attempt(url, e.product, body, headers, eventKey, 1, copy > 0, gen);
      if (!ok) this.scheduleRetries(url, e.product, body, headers, eventKey, copy > 0, gen);
    }
  }

  private scheduleRetries(
    url: string,
    product: WebhookProduct,
    body: string,
    headers: Record<string, string>,
    eventKey: number,
    duplicate: boolean,
    gen: number,
  ): void {
    const retry = this.config.retry;
    if (!retry) return;
    const p = (async () => {
      for (let attempt = 2; attempt <= retry.maxAttempts; attempt++) {
        const wait = retry.backoffMs[attempt - 2] ?? retry.backoffMs[retry.backoffMs.length - 1] ?? 0;
        await sleep(wait);
        if (gen !== this.generation) return;
        if (await this.attempt(url, product, body, headers, eventKey, attempt, duplicate, gen)) return;
      }
    })();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async attempt(
    url: string,
    product: WebhookProduct,
    body: string,
    headers: Record<string, string>,
    eventKey: number,
    attempt: number,
    duplicate: boolean,
    gen: number,
  ): Promise<boolean> {
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers,
        body: Buffer.from(body, "utf8"),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (gen !== this.generation) return true;
    this.log({ eventKey, product, url, attempt, duplicate, body, headers, status, error });
    // Meta treats anything but 200 as a failed delivery.
    return status === 200;
  }

  private log(d: Omit<Delivery, "id" | "at">): void {
    this.deliveries.push({ id: ++this.seq, at: this.now(), ...d });
  }
}

/** One POST per product+signer: entries of the same account merged (their changes/messaging concatenated). */
function mergeBatch(events: WebhookEvent[]): WebhookEvent[] {
  const out: WebhookEvent[] = [];
  for (const e of events) {
    if (typeof e.payload === "string") {
      out.push(e);
      continue;
    }
    const target = out.find((o) => o.product === e.product && o.signer === e.signer && typeof o.payload !== "string");
    if (!target || typeof target.payload === "string") {
      out.push({ ...e, payload: { object: e.payload.object, entry: e.payload.entry.map((x) => ({ ...x })) } });
      continue;
    }
    for (const entry of e.payload.entry) {
      const same = target.payload.entry.find((x) => x.id === entry.id);
      if (!same) {
        target.payload.entry.push({ ...entry });
        continue;
      }
      for (const key of ["changes", "messaging"] as const) {
        const add = entry[key];
        if (Array.isArray(add)) same[key] = [...(Array.isArray(same[key]) ? (same[key] as unknown[]) : []), ...add];
      }
    }
  }
  return out;
}
