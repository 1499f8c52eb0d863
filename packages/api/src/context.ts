import type { Connectors } from "@sillage/connectors";
import type { Database } from "@sillage/db";
import type { MediaServices } from "@sillage/media";
import type { SecretBox } from "@sillage/crypto";
import type { Clock } from "@sillage/time";
import type { Logger } from "@sillage/observability";
import type { ModelProvider } from "@sillage/triage";
import type { WebhookUrlPolicy } from "@sillage/notifications";

export type { Auth } from "@sillage/accounts";
import type { Auth } from "@sillage/accounts";

/** The first item of every live stream, once it follows new events: refetch what is shown then, not earlier. */
export const STREAM_READY = "stream.ready";

export interface LiveEvent {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** The workspace event stream (PostgreSQL LISTEN in the web process, replay from workspace_events). */
export interface WorkspaceEventSource {
  stream(workspaceId: string, opts: { lastEventId?: number; signal?: AbortSignal }): AsyncIterable<LiveEvent>;
}

export interface SessionCookies {
  set(token: string, expires: Date): void;
  clear(): void;
}

export interface ApiServices {
  db: Database;
  logger: Logger;
  clock: Clock;
  events: WorkspaceEventSource;
  appUrl: string;
  connectors: Connectors;
  /** Encrypts platform tokens at rest (key derived from APP_SECRET). */
  secretBox: SecretBox;
  /** Stored files and their signed, expiring links. */
  media: MediaServices;
  /** Triage model provider (OpenAI-compatible or offline); its embedder ranks the knowledge base. */
  ai: ModelProvider;
  oauth: { instagramAppId?: string; instagramAuthorizeUrl: string };
  /** Demo mode only: plays a customer through the in-process fake Graph API (`demo.simulate`). */
  demo?: DemoControl;
  /** Outgoing webhooks' SSRF policy (`WEBHOOK_ALLOWED_HOSTS`, https in production); unset: public addresses only. */
  webhookUrls?: WebhookUrlPolicy;
  /** How often an open live stream checks that its session or token and membership still hold. Default 15 s. */
  liveAccessRecheckMs?: number;
}

export interface DemoControl {
  /** The demo person, whom "Explore the demo" signs in without a password. */
  loginEmail: string;
  /** A new WhatsApp number on the built-in fake (what Meta's dashboard gives a real shop): ids and token to connect. */
  createWhatsAppSandbox(): { phoneNumberId: string; wabaId: string; accessToken: string };
  simulate(input: {
    kind: "whatsapp_message" | "instagram_message" | "instagram_comment";
    /** The channel's external id (phone number id / IG account id). */
    accountId: string;
    text: string;
    customerName?: string;
  }): Promise<{ id: string }>;
  /** The customer edits (with the new text) or unsends a message they sent, as Meta reports it by webhook. */
  changeMessage(input: {
    change: { kind: "edit"; text: string } | { kind: "unsend" };
    platform: "whatsapp" | "instagram";
    /** The channel's external id (phone number id / IG account id). */
    accountId: string;
    /** The customer's id on the platform (WhatsApp number / IGSID). */
    customerId: string;
    /** The platform's id of the message (wamid / mid). */
    platformMessageId: string;
  }): Promise<void>;
}

/** Built per request by the HTTP layer (apps/server/src/trpc.ts). */
export interface ApiContext extends ApiServices {
  requestId: string;
  ip: string;
  userAgent: string | null;
  /** Origin check result for CSRF: false when a browser request came from another site. */
  sameOrigin: boolean;
  /** Workspace the browser asks for (X-Sillage-Workspace header); tokens carry their own. */
  requestedWorkspaceId: string | null;
  auth: Auth | null;
  cookies: SessionCookies;
}
