import { z } from "zod";
import { ids } from "./ids.js";
import { makeFault, type FaultInput } from "./faults.js";
import { DAY, HOUR, LONG_LIVED_MS, metaTime, resetState, type FakeGraphState, type InstagramAccount, type WhatsAppAccount } from "./state.js";
import { issueToken } from "./tokens.js";
import { makeTemplate } from "./whatsapp/templates.js";
import { storeWaMedia } from "./whatsapp/media.js";
import { ASYNC_STATUS_ERRORS } from "./whatsapp/statuses.js";
import { containerStatus, makeMedia } from "./instagram/publishing.js";
import { addComment } from "./instagram/comments.js";
import { profileKey, profileOf } from "./instagram/profiles.js";
import { avatarJpeg } from "./avatar.js";
import { DEMO_CUSTOMERS, demoNameFor } from "./demo-customers.js";
import { instagramMessagingEvent, seconds, whatsappEvent } from "./webhooks/payloads.js";
import type { WebhookConfigInput } from "./webhooks/emitter.js";

/** Bad control input (unknown account…): HTTP 400 on the control API. */
export class ControlError extends Error {}

const nothing = z.object({}).optional();
const ms = z.number();
const bytes = { bytesBase64: z.string().optional(), bytes: z.instanceof(Uint8Array).optional() };
const toBuffer = (b: { bytesBase64?: string; bytes?: Uint8Array }) =>
  b.bytes ? Buffer.from(b.bytes) : b.bytesBase64 !== undefined ? Buffer.from(b.bytesBase64, "base64") : undefined;

const templateInput = z.object({
  name: z.string(),
  language: z.string().optional(),
  status: z.string().optional(),
  category: z.string().optional(),
  bodyText: z.string().optional(),
  headerText: z.string().optional(),
  headerFormat: z.string().optional(),
  components: z.array(z.looseObject({ type: z.string(), format: z.string().optional(), text: z.string().optional() })).optional(),
});

const faultInput = z.object({
  match: z.object({ operation: z.string().optional(), method: z.string().optional(), path: z.string().optional() }).optional(),
  times: z.number().int().positive().optional(),
  skip: z.number().int().nonnegative().optional(),
  kind: z.enum(["transient", "throttle", "permanent", "slow", "lost_response", "malformed"]),
  code: z.number().int().optional(),
  subcode: z.number().int().optional(),
  httpStatus: z.number().int().optional(),
  message: z.string().optional(),
  delayMs: z.number().nonnegative().optional(),
  mode: z.enum(["destroy", "500"]).optional(),
  body: z.string().optional(),
});

const target = z.object({ url: z.string(), secret: z.string().optional() });
const webhookConfig = z.object({
  whatsapp: target.optional(),
  instagram: target.optional(),
  metaAppSecret: z.string().optional(),
  instagramAppSecret: z.string().optional(),
  legacySha1: z.boolean().optional(),
  escapeUnicode: z.boolean().optional(),
  escapeSlashes: z.boolean().optional(),
  spacedSeparators: z.boolean().optional(),
  retry: z.union([z.literal(false), z.object({ maxAttempts: z.number().int().positive(), backoffMs: z.array(z.number().nonnegative()) })]).optional(),
  duplicate: z.union([z.boolean(), z.number().int().positive()]).optional(),
  reorder: z.boolean().optional(),
  batchWindowMs: z.number().nonnegative().optional(),
  statuses: z.array(z.enum(["sent", "delivered", "read"])).optional(),
  echoes: z.boolean().optional(),
  ownComments: z.boolean().optional(),
  timeoutMs: z.number().positive().optional(),
});

const waCustomerMessage = z.object({
  channel: z.literal("whatsapp"),
  phoneNumberId: z.string(),
  from: z.string(),
  name: z.string().optional(),
  text: z.string().optional(),
  media: z
    .object({
      kind: z.enum(["image", "audio", "video", "document", "sticker"]),
      mimeType: z.string().optional(),
      caption: z.string().optional(),
      filename: z.string().optional(),
      voice: z.boolean().optional(),
      ...bytes,
    })
    .optional(),
  contextMessageId: z.string().optional(),
  referral: z.record(z.string(), z.unknown()).optional(),
});

const igCustomerMessage = z.object({
  channel: z.literal("instagram"),
  igUserId: z.string(),
  from: z.string(),
  text: z.string().optional(),
  /**
   * image|video|audio|file (bytes served from the fake CDN), or what Instagram links to: share|ig_post (a post;
   * `ig_post` also sends the `share` twin, as Meta does since Nov. 2025), ig_reel|reel, story_mention, ig_story.
   * `mediaId` and `title` are the shared post's or reel's id and caption.
   */
  attachments: z
    .array(z.object({ type: z.string(), url: z.string().optional(), mimeType: z.string().optional(), mediaId: z.string().optional(), title: z.string().optional(), ...bytes }))
    .optional(),
  replyToMid: z.string().optional(),
  /** A reply to one of the account's stories: `reply_to.story` {url, id}. */
  replyToStory: z.object({ id: z.string(), url: z.string().optional() }).optional(),
  /** A quick reply tapped: the text is its title, `quick_reply.payload` this. */
  quickReplyPayload: z.string().optional(),
  /** A message Instagram cannot show through the API (`is_unsupported`). */
  unsupported: z.boolean().optional(),
});

/** The `payload` of an Instagram attachment, shaped as Meta sends each type. */
function igAttachmentPayload(att: { type: string; mediaId?: string; title?: string }, url: string): Record<string, unknown> {
  const payload: Record<string, unknown> = { url };
  if (att.title !== undefined) payload.title = att.title;
  if (att.mediaId !== undefined) {
    if (att.type === "ig_reel" || att.type === "reel") payload.reel_video_id = att.mediaId;
    else if (att.type === "share" || att.type === "ig_post") payload.ig_post_media_id = att.mediaId;
    else payload.id = att.mediaId;
  }
  return payload;
}

// A definition = zod schema of the input + implementation. The same table backs the in-process control
// object and the HTTP `/_fake/<method>` routes, so both stay identical.
function def<S extends z.ZodType, R>(schema: S, fn: (s: FakeGraphState, input: z.output<S>) => R) {
  return { schema, fn };
}

function waAccount(s: FakeGraphState, phoneNumberId: string): WhatsAppAccount {
  const a = s.waAccounts.get(phoneNumberId);
  if (!a) throw new ControlError(`unknown WhatsApp phone number id ${phoneNumberId}`);
  return a;
}
function igAccount(s: FakeGraphState, igUserId: string): InstagramAccount {
  const a = s.igAccounts.get(igUserId);
  if (!a) throw new ControlError(`unknown Instagram account ${igUserId}`);
  return a;
}

function issueCode(s: FakeGraphState, input: { igUserId?: string; phoneNumberId?: string; code?: string; redirectUri?: string }) {
  const code = input.code ?? ids.code();
  let kind: "instagram" | "facebook" | "whatsapp";
  let accountId: string;
  if (input.igUserId) {
    kind = igAccount(s, input.igUserId).variant;
    accountId = input.igUserId;
  } else if (input.phoneNumberId) {
    waAccount(s, input.phoneNumberId);
    kind = "whatsapp";
    accountId = input.phoneNumberId;
  } else throw new ControlError("igUserId or phoneNumberId is required");
  // Codes are valid 1 hour and single-use (contract §6).
  const expiresAt = s.now() + HOUR;
  s.oauthCodes.set(code, { code, kind, accountId, redirectUri: input.redirectUri, expiresAt, used: false });
  return { code, expiresAt };
}

export const controlDefs = {
  reset: def(nothing, (s) => {
    resetState(s);
    return { ok: true };
  }),
  now: def(nothing, (s) => ({ now: s.now() })),
  setClock: def(z.object({ now: ms }), (s, i) => {
    // Answers the instant set, not a second reading of the clock (which may already be a millisecond on).
    s.clockOffset = i.now - s.baseClock();
    return { now: i.now };
  }),
  advance: def(z.object({ ms }), (s, i) => {
    s.clockOffset += i.ms;
    return { now: s.now() };
  }),
  configure: def(
    z.object({
      containerPollsInProgress: z.number().int().nonnegative().optional(),
      containerProcessingMs: z.number().int().nonnegative().optional(),
      videoPollsInProgress: z.number().int().nonnegative().optional(),
      publishQuota: z.number().int().nonnegative().optional(),
      usage: z.object({ percentPerCall: z.number().optional(), app: z.number().optional(), buc: z.number().optional() }).optional(),
    }),
    (s, i) => {
      if (i.containerPollsInProgress !== undefined) s.config.containerPollsInProgress = i.containerPollsInProgress;
      if (i.containerProcessingMs !== undefined) s.config.containerProcessingMs = i.containerProcessingMs;
      if (i.videoPollsInProgress !== undefined) s.config.videoPollsInProgress = i.videoPollsInProgress;
      if (i.publishQuota !== undefined) s.config.publishQuota = i.publishQuota;
      if (i.usage) s.config.usage = { ...s.config.usage, ...i.usage };
      return s.config;
    },
  ),
  configureApps: def(
    z.object({
      metaAppId: z.string().optional(),
      metaAppSecret: z.string().optional(),
      instagramAppId: z.string().optional(),
      instagramAppSecret: z.string().optional(),
      requireAppsecretProof: z.boolean().optional(),
    }),
    (s, i) => {
      s.apps = { ...s.apps, ...i };
      return s.apps;
    },
  ),
  createWhatsAppAccount: def(
    z.object({
      wabaId: z.string().optional(),
      phoneNumberId: z.string().optional(),
      displayPhoneNumber: z.string().optional(),
      verifiedName: z.string().optional(),
      token: z.string().optional(),
      tokenIssuedAt: ms.optional(),
      tokenExpiresAt: ms.nullable().optional(),
      windowMode: z.enum(["sync", "async"]).optional(),
      pricingModel: z.enum(["PMP", "CBP"]).optional(),
      templates: z.array(templateInput).optional(),
      signupCode: z.string().optional(),
    }),
    (s, i) => {
      const wabaId = i.wabaId ?? ids.waba();
      const phoneNumberId = i.phoneNumberId ?? ids.phoneNumber();
      if (s.waAccounts.has(phoneNumberId)) throw new ControlError(`phone number id ${phoneNumberId} exists`);
      const acc: WhatsAppAccount = {
        wabaId,
        phoneNumberId,
        displayPhoneNumber: (i.displayPhoneNumber ?? `1555${ids.hex(4).replace(/\D/g, "7").slice(0, 7).padEnd(7, "0")}`).replace(/\D/g, ""),
        verifiedName: i.verifiedName ?? "Sillage Test Business",
        // async = 200 then a `failed` status, what Meta does most of the time (contract §2.1).
        windowMode: i.windowMode ?? "async",
        pricingModel: i.pricingModel ?? "PMP",
        asyncFailures: [],
        lastInbound: new Map(),
        subscribed: false,
      };
      s.waAccounts.set(phoneNumberId, acc);
      const waba = s.wabas.get(wabaId) ?? { wabaId, name: `${acc.verifiedName} WABA`, templates: [], subscribed: false };
      s.wabas.set(wabaId, waba);
      for (const t of i.templates ?? []) waba.templates.push(makeTemplate(t));
      const t = issueToken(s, "whatsapp", [phoneNumberId, wabaId], {
        token: i.token,
        issuedAt: i.tokenIssuedAt,
        expiresAt: i.tokenExpiresAt ?? null,
      });
      if (i.signupCode) issueCode(s, { phoneNumberId, code: i.signupCode });
      return { wabaId, phoneNumberId, displayPhoneNumber: acc.displayPhoneNumber, verifiedName: acc.verifiedName, token: t.token };
    },
  ),
  createInstagramAccount: def(
    z.object({
      variant: z.enum(["instagram", "facebook"]).optional(),
      igUserId: z.string().optional(),
      appScopedUserId: z.string().optional(),
      username: z.string().optional(),
      name: z.string().optional(),
      accountType: z.string().optional(),
      pageId: z.string().optional(),
      token: z.string().optional(),
      tokenIssuedAt: ms.optional(),
      tokenExpiresAt: ms.nullable().optional(),
      humanAgent: z.boolean().optional(),
      permissions: z.array(z.string()).optional(),
      oauthCode: z.union([z.boolean(), z.string()]).optional(),
      redirectUri: z.string().optional(),
    }),
    (s, i) => {
      const variant = i.variant ?? "instagram";
      const igUserId = i.igUserId ?? ids.igUser();
      if (s.igAccounts.has(igUserId)) throw new ControlError(`Instagram account ${igUserId} exists`);
      const username = i.username ?? `sillage_test_${igUserId.slice(-4)}`;
      const a: InstagramAccount = {
        variant,
        igUserId,
        appScopedUserId: i.appScopedUserId ?? ids.appScoped(),
        pageId: variant === "facebook" ? (i.pageId ?? ids.page()) : undefined,
        username,
        name: i.name ?? "Sillage Test",
        accountType: i.accountType ?? "BUSINESS",
        humanAgent: i.humanAgent ?? false,
        permissions:
          i.permissions ??
          (variant === "instagram"
            ? ["instagram_business_basic", "instagram_business_manage_messages", "instagram_business_manage_comments", "instagram_business_content_publish"]
            : ["instagram_basic", "instagram_content_publish", "instagram_manage_comments", "instagram_manage_messages", "pages_show_list", "pages_manage_metadata"]),
        lastInbound: new Map(),
        privateReplies: new Set(),
        publishTimes: [],
        subscribedFields: [],
        pageSubscribedFields: [],
      };
      s.igAccounts.set(igUserId, a);
      let token: string;
      let tokenExpiresAt: number | null;
      if (variant === "facebook" && a.pageId) {
        s.pages.set(a.pageId, igUserId);
        // Page tokens from a long-lived user token do not expire.
        const t = issueToken(s, "facebook_page", [a.pageId, igUserId], { token: i.token, issuedAt: i.tokenIssuedAt, expiresAt: i.tokenExpiresAt ?? null });
        token = t.token;
        tokenExpiresAt = t.expiresAt;
      } else {
        const issuedAt = i.tokenIssuedAt ?? s.now();
        const t = issueToken(s, "instagram", [igUserId], {
          token: i.token,
          issuedAt,
          expiresAt: i.tokenExpiresAt === undefined ? issuedAt + LONG_LIVED_MS : i.tokenExpiresAt,
          longLived: true,
        });
        token = t.token;
        tokenExpiresAt = t.expiresAt;
      }
      const oauthCode = i.oauthCode
        ? issueCode(s, { igUserId, code: typeof i.oauthCode === "string" ? i.oauthCode : undefined, redirectUri: i.redirectUri }).code
        : undefined;
      return { igUserId, appScopedUserId: a.appScopedUserId, pageId: a.pageId, username, variant, token, tokenExpiresAt, oauthCode };
    },
  ),
  issueOAuthCode: def(
    z.object({ igUserId: z.string().optional(), phoneNumberId: z.string().optional(), code: z.string().optional(), redirectUri: z.string().optional() }),
    issueCode,
  ),
  issueToken: def(
    z.object({
      igUserId: z.string().optional(),
      phoneNumberId: z.string().optional(),
      token: z.string().optional(),
      issuedAt: ms.optional(),
      expiresAt: ms.nullable().optional(),
      longLived: z.boolean().optional(),
    }),
    (s, i) => {
      if (i.phoneNumberId) {
        const a = waAccount(s, i.phoneNumberId);
        const t = issueToken(s, "whatsapp", [a.phoneNumberId, a.wabaId], { token: i.token, issuedAt: i.issuedAt, expiresAt: i.expiresAt ?? null });
        return { token: t.token, expiresAt: t.expiresAt };
      }
      const a = igAccount(s, i.igUserId ?? "");
      const issuedAt = i.issuedAt ?? s.now();
      const t =
        a.variant === "facebook" && a.pageId
          ? issueToken(s, "facebook_page", [a.pageId, a.igUserId], { token: i.token, issuedAt, expiresAt: i.expiresAt ?? null })
          : issueToken(s, "instagram", [a.igUserId], {
              token: i.token,
              issuedAt,
              expiresAt: i.expiresAt === undefined ? issuedAt + (i.longLived === false ? HOUR : LONG_LIVED_MS) : i.expiresAt,
              longLived: i.longLived ?? true,
            });
      return { token: t.token, expiresAt: t.expiresAt };
    },
  ),
  revokeToken: def(z.object({ token: z.string(), subcode: z.number().int().optional() }), (s, i) => {
    const t = s.tokens.get(i.token);
    if (!t) throw new ControlError("unknown token");
    t.revokedSubcode = i.subcode ?? 467;
    return { ok: true };
  }),
  addTemplate: def(templateInput.extend({ wabaId: z.string() }), (s, i) => {
    const waba = s.wabas.get(i.wabaId);
    if (!waba) throw new ControlError(`unknown WABA ${i.wabaId}`);
    const t = makeTemplate(i);
    waba.templates.push(t);
    return { id: t.id };
  }),
  setTemplateStatus: def(z.object({ wabaId: z.string(), name: z.string(), language: z.string().optional(), status: z.string() }), (s, i) => {
    const list = s.wabas.get(i.wabaId)?.templates.filter((t) => t.name === i.name && (!i.language || t.language === i.language)) ?? [];
    if (list.length === 0) throw new ControlError(`unknown template ${i.name}`);
    for (const t of list) t.status = i.status.toUpperCase();
    return { ok: true, updated: list.length };
  }),
  setWindowMode: def(z.object({ phoneNumberId: z.string(), mode: z.enum(["sync", "async"]) }), (s, i) => {
    waAccount(s, i.phoneNumberId).windowMode = i.mode;
    return { ok: true };
  }),
  setPricingModel: def(z.object({ phoneNumberId: z.string(), model: z.enum(["PMP", "CBP"]) }), (s, i) => {
    waAccount(s, i.phoneNumberId).pricingModel = i.model;
    return { ok: true };
  }),
  /**
   * The account's next accepted sends (to `to`, or anyone) answer 200 and then fail by a `failed` status webhook with
   * `code`, one of the errors WhatsApp reports that way; `afterSent` emits a `sent` status before it.
   */
  failSendsAsync: def(
    z.object({
      phoneNumberId: z.string(),
      code: z.number().int().refine((c) => Object.hasOwn(ASYNC_STATUS_ERRORS, c), "not an error WhatsApp reports in a failed status here"),
      times: z.number().int().positive().optional(),
      to: z.string().optional(),
      afterSent: z.boolean().optional(),
    }),
    (s, i) => {
      const acc = waAccount(s, i.phoneNumberId);
      acc.asyncFailures.push({ code: i.code, times: i.times ?? 1, afterSent: i.afterSent ?? false, ...(i.to ? { to: i.to.replace(/\D/g, "") } : {}) });
      return { ok: true, queued: acc.asyncFailures.reduce((n, f) => n + f.times, 0) };
    },
  ),
  configureWebhooks: def(webhookConfig, (s, i) => s.emitter.configure(i as WebhookConfigInput)),
  customerMessage: def(z.discriminatedUnion("channel", [waCustomerMessage, igCustomerMessage]), (s, i) => {
    const now = s.now();
    if (i.channel === "whatsapp") {
      const acc = waAccount(s, i.phoneNumberId);
      const id = ids.wamid();
      acc.lastInbound.set(i.from, now);
      s.waInbound.set(id, { id, phoneNumberId: acc.phoneNumberId, from: i.from, at: now, read: false });
      const msg: Record<string, unknown> = { from: i.from, id, timestamp: seconds(now) };
      if (i.contextMessageId) msg.context = { from: acc.displayPhoneNumber, id: i.contextMessageId };
      let mediaId: string | undefined;
      if (i.media) {
        const kind = i.media.kind;
        const mimeType = i.media.mimeType ?? { image: "image/jpeg", audio: "audio/ogg; codecs=opus", video: "video/mp4", document: "application/pdf", sticker: "image/webp" }[kind];
        // Inbound media ids live 7 days (contract §1.4).
        const m = storeWaMedia(s, acc.phoneNumberId, toBuffer(i.media) ?? Buffer.from(`fake ${kind}`), mimeType, 7 * DAY, i.media.filename);
        mediaId = m.id;
        const body: Record<string, unknown> = { mime_type: m.mimeType, sha256: m.sha256, id: m.id };
        if (i.media.caption) body.caption = i.media.caption;
        if (i.media.filename) body.filename = i.media.filename;
        if (kind === "audio") body.voice = i.media.voice ?? false;
        msg.type = kind;
        msg[kind] = body;
      } else {
        msg.type = "text";
        msg.text = { body: i.text ?? "" };
      }
      if (i.referral) msg.referral = i.referral;
      s.emitter.emit([
        whatsappEvent(acc, { contacts: [{ profile: { name: i.name ?? demoNameFor(i.from) }, wa_id: i.from }], messages: [msg] }),
      ]);
      return { id, mediaId };
    }
    const acc = igAccount(s, i.igUserId);
    acc.lastInbound.set(i.from, now);
    const mid = ids.igMid(acc.igUserId);
    const message: Record<string, unknown> = { mid };
    if (i.text !== undefined) message.text = i.text;
    if (i.attachments?.length) {
      message.attachments = i.attachments.flatMap((att) => {
        const buf = toBuffer(att);
        let url = att.url;
        if (buf) {
          const assetId = ids.hex(12);
          s.igAssets.set(assetId, { bytes: buf, mimeType: att.mimeType ?? "image/jpeg" });
          url = `${s.publicUrl}/ig_messaging_cdn/?asset_id=${assetId}`;
        }
        const payload = igAttachmentPayload(att, url ?? `${s.publicUrl}/ig_messaging_cdn/?asset_id=none`);
        return att.type === "ig_post" ? [{ type: "share", payload }, { type: "ig_post", payload }] : [{ type: att.type, payload }];
      });
    }
    if (i.replyToMid) message.reply_to = { mid: i.replyToMid };
    else if (i.replyToStory) message.reply_to = { story: { url: i.replyToStory.url ?? `${s.publicUrl}/ig_messaging_cdn/?asset_id=story-${i.replyToStory.id}`, id: i.replyToStory.id } };
    if (i.quickReplyPayload !== undefined) message.quick_reply = { payload: i.quickReplyPayload };
    if (i.unsupported) message.is_unsupported = true;
    s.emitter.emit([instagramMessagingEvent(acc, now, [{ sender: { id: i.from }, recipient: { id: acc.igUserId }, timestamp: now, message }], i.from)]);
    return { id: mid };
  }),
  /**
   * The customer changed their phone number (Meta's `system` message, `user_changed_number`): `from` is the old number,
   * `system.wa_id` the new one, and there is no `contacts[]`. Later messages come from the new number.
   */
  customerChangedNumber: def(z.object({ phoneNumberId: z.string(), from: z.string(), to: z.string(), name: z.string().optional() }), (s, i) => {
    const acc = waAccount(s, i.phoneNumberId);
    const id = ids.wamid();
    const now = s.now();
    const name = i.name ?? demoNameFor(i.from);
    s.emitter.emit([
      whatsappEvent(acc, {
        messages: [
          {
            from: i.from,
            id,
            timestamp: seconds(now),
            type: "system",
            system: { body: `User ${name} changed from ${i.from} to ${i.to}`, wa_id: i.to, type: "user_changed_number" },
          },
        ],
      }),
    ]);
    return { id };
  }),
  /**
   * The customer edits a message they sent, as Meta tells it: Instagram a `message_edit` messaging item
   * ({mid, text, num_edit}); WhatsApp (Coexistence numbers) a message of type `edit` naming `original_message_id`.
   */
  customerEditMessage: def(
    z.discriminatedUnion("channel", [
      z.object({ channel: z.literal("whatsapp"), phoneNumberId: z.string(), from: z.string(), messageId: z.string(), text: z.string() }),
      z.object({ channel: z.literal("instagram"), igUserId: z.string(), from: z.string(), mid: z.string(), text: z.string() }),
    ]),
    (s, i) => {
      const now = s.now();
      const target = i.channel === "whatsapp" ? i.messageId : i.mid;
      const count = (s.customerEdits.get(target) ?? 0) + 1;
      s.customerEdits.set(target, count);
      if (i.channel === "whatsapp") {
        const acc = waAccount(s, i.phoneNumberId);
        const id = ids.wamid();
        const edit = { original_message_id: i.messageId, message: { type: "text", text: { body: i.text } } };
        s.emitter.emit([
          whatsappEvent(acc, { contacts: [{ profile: { name: demoNameFor(i.from) }, wa_id: i.from }], messages: [{ from: i.from, id, timestamp: seconds(now), type: "edit", edit }] }),
        ]);
        return { id, numEdit: count };
      }
      const acc = igAccount(s, i.igUserId);
      const messageEdit = { mid: i.mid, text: i.text, num_edit: count };
      s.emitter.emit([instagramMessagingEvent(acc, now, [{ sender: { id: i.from }, recipient: { id: acc.igUserId }, timestamp: now, message_edit: messageEdit }], i.from)]);
      return { id: i.mid, numEdit: count };
    },
  ),
  /** The customer unsends a message: Instagram `message` {mid, is_deleted: true}; WhatsApp (Coexistence) type `revoke`. */
  customerUnsendMessage: def(
    z.discriminatedUnion("channel", [
      z.object({ channel: z.literal("whatsapp"), phoneNumberId: z.string(), from: z.string(), messageId: z.string() }),
      z.object({ channel: z.literal("instagram"), igUserId: z.string(), from: z.string(), mid: z.string() }),
    ]),
    (s, i) => {
      const now = s.now();
      if (i.channel === "whatsapp") {
        const acc = waAccount(s, i.phoneNumberId);
        const id = ids.wamid();
        s.emitter.emit([
          whatsappEvent(acc, {
            contacts: [{ profile: { name: demoNameFor(i.from) }, wa_id: i.from }],
            messages: [{ from: i.from, id, timestamp: seconds(now), type: "revoke", revoke: { original_message_id: i.messageId } }],
          }),
        ]);
        return { id };
      }
      const acc = igAccount(s, i.igUserId);
      s.emitter.emit([instagramMessagingEvent(acc, now, [{ sender: { id: i.from }, recipient: { id: acc.igUserId }, timestamp: now, message: { mid: i.mid, is_deleted: true } }], i.from)]);
      return { id: i.mid };
    },
  ),
  customerComment: def(
    z.object({
      mediaId: z.string(),
      from: z.string(),
      username: z.string().optional(),
      text: z.string(),
      parentId: z.string().optional(),
      /** A comment on a live broadcast: field `live_comments` instead of `comments`. */
      live: z.boolean().optional(),
      /** Backdates a seeded comment; `silent` skips its webhook (history made before the test). */
      at: ms.optional(),
      silent: z.boolean().optional(),
    }),
    (s, i) => {
      const media = s.igMedia.get(i.mediaId);
      if (!media || media.isChild) throw new ControlError(`unknown published media ${i.mediaId}`);
      let parentId = i.parentId;
      if (parentId) {
        const parent = s.comments.get(parentId);
        if (!parent || parent.mediaId !== media.id) throw new ControlError(`unknown comment ${parentId} on media ${media.id}`);
        parentId = parent.parentId ?? parent.id;
      }
      const c = addComment(s, media, { from: { id: i.from, username: i.username ?? `user_${i.from}` }, text: i.text, parentId, own: false, at: i.at, silent: i.silent, live: i.live });
      return { id: c.id };
    },
  ),
  /** The customer edits their comment (Instagram sends no webhook for edits: polling sees the new text). */
  customerEditComment: def(z.object({ commentId: z.string(), text: z.string() }), (s, i) => {
    const c = s.comments.get(i.commentId);
    if (!c || c.deleted) throw new ControlError(`unknown comment ${i.commentId}`);
    c.text = i.text;
    return { id: c.id };
  }),
  /** The customer deletes their comment: it leaves the listings. */
  customerDeleteComment: def(z.object({ commentId: z.string() }), (s, i) => {
    const c = s.comments.get(i.commentId);
    if (!c) throw new ControlError(`unknown comment ${i.commentId}`);
    c.deleted = true;
    return { id: c.id };
  }),
  /** The account deletes a post on Instagram: Graph then answers "does not exist" for it and its comments. */
  deleteInstagramMedia: def(z.object({ mediaId: z.string() }), (s, i) => {
    if (!s.igMedia.delete(i.mediaId)) throw new ControlError(`unknown media ${i.mediaId}`);
    return { id: i.mediaId };
  }),
  customerReaction: def(
    z.discriminatedUnion("channel", [
      z.object({ channel: z.literal("whatsapp"), phoneNumberId: z.string(), from: z.string(), messageId: z.string(), emoji: z.string() }),
      z.object({
        channel: z.literal("instagram"),
        igUserId: z.string(),
        from: z.string(),
        mid: z.string(),
        emoji: z.string().optional(),
        action: z.enum(["react", "unreact"]).optional(),
      }),
    ]),
    (s, i) => {
      const now = s.now();
      if (i.channel === "whatsapp") {
        const acc = waAccount(s, i.phoneNumberId);
        const id = ids.wamid();
        acc.lastInbound.set(i.from, now);
        s.emitter.emit([
          whatsappEvent(acc, {
            contacts: [{ profile: { name: demoNameFor(i.from) }, wa_id: i.from }],
            messages: [{ from: i.from, id, timestamp: seconds(now), type: "reaction", reaction: { message_id: i.messageId, emoji: i.emoji } }],
          }),
        ]);
        return { id };
      }
      const acc = igAccount(s, i.igUserId);
      const action = i.action ?? "react";
      const reaction: Record<string, unknown> = { mid: i.mid, action };
      if (action === "react") {
        reaction.reaction = i.emoji === "❤️" || !i.emoji ? "love" : "other";
        reaction.emoji = i.emoji ?? "❤️";
      }
      s.emitter.emit([instagramMessagingEvent(acc, now, [{ sender: { id: i.from }, recipient: { id: acc.igUserId }, timestamp: now, reaction }], i.from)]);
      return { id: i.mid };
    },
  ),
  /** The customer taps an icebreaker, a button or a persistent-menu item (`messaging_postbacks`). */
  customerPostback: def(z.object({ igUserId: z.string(), from: z.string(), title: z.string(), payload: z.string() }), (s, i) => {
    const acc = igAccount(s, i.igUserId);
    const now = s.now();
    acc.lastInbound.set(i.from, now);
    const mid = ids.igMid(acc.igUserId);
    // A postback of a thread another app controls comes in standby without its payload (Meta keeps it for that app).
    const standby = acc.variant === "facebook" && (acc.threadOwners?.has(i.from) ?? false);
    const postback = standby ? { mid, title: i.title } : { mid, title: i.title, payload: i.payload };
    s.emitter.emit([instagramMessagingEvent(acc, now, [{ sender: { id: i.from }, recipient: { id: acc.igUserId }, timestamp: now, postback }], i.from)]);
    return { id: mid };
  }),
  /**
   * The customer opens the conversation from an ig.me link (`ref`) or an ad (`adId`, `adTitle`): `messaging_referral`,
   * which carries no message and no id.
   */
  customerReferral: def(
    z.object({ igUserId: z.string(), from: z.string(), ref: z.string().optional(), adId: z.string().optional(), adTitle: z.string().optional() }),
    (s, i) => {
      const acc = igAccount(s, i.igUserId);
      const now = s.now();
      const referral: Record<string, unknown> = i.adId
        ? { ...(i.ref ? { ref: i.ref } : {}), ad_id: i.adId, source: "ADS", type: "OPEN_THREAD", ads_context_data: { ad_title: i.adTitle ?? "", photo_url: `${s.publicUrl}/ad.jpg` } }
        : { ref: i.ref ?? "", source: "IGME-SOURCE-LINK", type: "OPEN_THREAD" };
      s.emitter.emit([instagramMessagingEvent(acc, now, [{ sender: { id: i.from }, recipient: { id: acc.igUserId }, timestamp: now, referral }])]);
      return { timestamp: now };
    },
  ),
  /** The customer reads the account's message (`messaging_seen`, `read.mid`). */
  customerSeen: def(z.object({ igUserId: z.string(), from: z.string(), mid: z.string() }), (s, i) => {
    const acc = igAccount(s, i.igUserId);
    const now = s.now();
    s.emitter.emit([instagramMessagingEvent(acc, now, [{ sender: { id: i.from }, recipient: { id: acc.igUserId }, timestamp: now, read: { mid: i.mid } }], i.from)]);
    return { id: i.mid };
  }),
  /**
   * Handover protocol (Facebook Login): another app (Meta's inbox, a chatbot) takes the customer's thread (`to:
   * "other_app"`, this app receives `take_thread_control`), or passes it back (`to: "this_app"`,
   * `pass_thread_control`), in `messaging_handovers` items of `messaging[]`. While another app holds the thread, the
   * customer's items come in `standby[]`.
   */
  instagramThreadControl: def(
    z.object({ igUserId: z.string(), from: z.string(), to: z.enum(["other_app", "this_app"]), otherAppId: z.string().optional(), metadata: z.string().optional() }),
    (s, i) => {
      const acc = igAccount(s, i.igUserId);
      if (acc.variant !== "facebook") throw new ControlError("the handover protocol is the Messenger platform's (Facebook Login accounts)");
      const now = s.now();
      const ours = s.apps.metaAppId ?? "fake-meta-app";
      const other = i.otherAppId ?? acc.threadOwners?.get(i.from) ?? "263902037430900";
      acc.threadOwners ??= new Map();
      const item: Record<string, unknown> = { sender: { id: i.from }, recipient: { id: acc.igUserId }, timestamp: now };
      if (i.to === "other_app") {
        acc.threadOwners.set(i.from, other);
        item.take_thread_control = { previous_owner_app_id: ours, new_owner_app_id: other, metadata: i.metadata ?? "" };
      } else {
        acc.threadOwners.delete(i.from);
        item.pass_thread_control = { previous_owner_app_id: other, new_owner_app_id: ours, metadata: i.metadata ?? "" };
      }
      // Handover notices are this app's own: they come in messaging[], never in standby.
      s.emitter.emit([instagramMessagingEvent(acc, now, [item])]);
      return { timestamp: now };
    },
  ),
  sendRawWebhook: def(
    z.object({
      product: z.enum(["whatsapp", "instagram"]),
      variant: z.enum(["instagram", "facebook"]).optional(),
      body: z.union([z.string(), z.object({ object: z.string(), entry: z.array(z.record(z.string(), z.unknown())) })]),
    }),
    (s, i) => {
      const signer = i.product === "instagram" && (i.variant ?? "instagram") === "instagram" ? "instagram" : "meta";
      s.emitter.emit([{ product: i.product, signer, payload: i.body, raw: true }]);
      return { ok: true };
    },
  ),
  setInstagramProfile: def(
    z.object({
      igUserId: z.string(),
      igsid: z.string(),
      name: z.string().nullable().optional(),
      username: z.string().optional(),
      // true: a generated JPEG; bytes: this picture; null: `profile_pic` null.
      picture: z.union([z.literal(true), z.null(), z.object(bytes)]).optional(),
      followerCount: z.number().int().nonnegative().optional(),
      isUserFollowBusiness: z.boolean().optional(),
      isBusinessFollowUser: z.boolean().optional(),
      isVerifiedUser: z.boolean().optional(),
      blocked: z.boolean().optional(),
      consented: z.boolean().optional(),
    }),
    (s, i) => {
      const a = igAccount(s, i.igUserId);
      const p = { ...profileOf(s, a, i.igsid) };
      if (i.name !== undefined) p.name = i.name;
      if (i.username !== undefined) p.username = i.username;
      if (i.picture !== undefined) p.picture = i.picture === true ? avatarJpeg("#6d28d9") : i.picture === null ? null : (toBuffer(i.picture) ?? null);
      if (i.followerCount !== undefined) p.followerCount = i.followerCount;
      if (i.isUserFollowBusiness !== undefined) p.isUserFollowBusiness = i.isUserFollowBusiness;
      if (i.isBusinessFollowUser !== undefined) p.isBusinessFollowUser = i.isBusinessFollowUser;
      if (i.isVerifiedUser !== undefined) p.isVerifiedUser = i.isVerifiedUser;
      if (i.blocked !== undefined) p.blocked = i.blocked;
      if (i.consented !== undefined) p.consented = i.consented;
      s.igProfiles.set(profileKey(a.igUserId, i.igsid), p);
      return { igsid: p.igsid, name: p.name, username: p.username, hasPicture: p.picture !== null, blocked: p.blocked };
    },
  ),
  seedDemoCustomers: def(z.object({ igUserId: z.string() }), (s, i) => {
    const a = igAccount(s, i.igUserId);
    DEMO_CUSTOMERS.forEach((c, n) => {
      s.igProfiles.set(profileKey(a.igUserId, c.igsid), {
        igUserId: a.igUserId,
        igsid: c.igsid,
        name: c.instagramName,
        username: c.username,
        picture: c.avatarColour ? avatarJpeg(c.avatarColour) : null,
        followerCount: c.followerCount,
        isUserFollowBusiness: n % 3 !== 2,
        isBusinessFollowUser: n % 4 === 0,
        isVerifiedUser: false,
        blocked: false,
        consented: false,
      });
    });
    return DEMO_CUSTOMERS.map((c) => ({ ...c }));
  }),
  seedInstagramMedia: def(
    z.object({
      igUserId: z.string(),
      caption: z.string().optional(),
      mediaType: z.enum(["IMAGE", "VIDEO", "CAROUSEL_ALBUM"]).optional(),
      mediaProductType: z.enum(["FEED", "REELS", "STORY"]).optional(),
      timestamp: ms.optional(),
      /** What Graph serves as `media_url` (and, for a video, `thumbnail_url` = videoUrl + ".jpg"). */
      imageUrl: z.string().url().optional(),
      videoUrl: z.string().url().optional(),
    }),
    (s, i) => {
      const a = igAccount(s, i.igUserId);
      const m = makeMedia(s, a, undefined, { caption: i.caption, mediaType: i.mediaType, mediaProductType: i.mediaProductType, timestamp: i.timestamp, imageUrl: i.imageUrl, videoUrl: i.videoUrl });
      return { id: m.id, permalink: m.permalink };
    },
  ),
  setContainerStatus: def(
    z.object({ containerId: z.string(), status: z.enum(["IN_PROGRESS", "FINISHED", "ERROR", "EXPIRED"]), errorSubcode: z.number().int().optional() }),
    (s, i) => {
      const c = s.containers.get(i.containerId);
      if (!c) throw new ControlError(`unknown container ${i.containerId}`);
      c.forced = { status: i.status, errorSubcode: i.errorSubcode };
      return { ok: true };
    },
  ),
  /**
   * The app's subscription ends outside Sillage (a person removes the app from the Page or the business in Meta's
   * settings): the account's webhooks stop until it subscribes again.
   */
  removeAppSubscription: def(z.union([z.object({ wabaId: z.string() }), z.object({ igUserId: z.string() })]), (s, i) => {
    if ("wabaId" in i) {
      const waba = s.wabas.get(i.wabaId);
      if (!waba) throw new ControlError(`unknown WABA ${i.wabaId}`);
      waba.subscribed = false;
    } else {
      const a = igAccount(s, i.igUserId);
      a.subscribedFields = [];
      a.pageSubscribedFields = [];
    }
    return { ok: true };
  }),
  injectFault: def(faultInput, (s, i) => {
    const f = makeFault(i as FaultInput);
    s.faults.push(f);
    return { id: f.id };
  }),
  clearFaults: def(nothing, (s) => {
    s.faults.length = 0;
    return { ok: true };
  }),
  faults: def(nothing, (s) => s.faults.map((f) => ({ ...f }))),
  flushWebhooks: def(nothing, async (s) => {
    await s.emitter.flush();
    return { ok: true };
  }),
  /** Customers' WhatsApp messages and whether the business marked them read (`status: "read"`). */
  whatsappInbound: def(nothing, (s) => [...s.waInbound.values()].map((m) => ({ ...m }))),
  sentMessages: def(
    z.object({ channel: z.enum(["whatsapp", "instagram"]).optional(), accountId: z.string().optional() }).optional(),
    (s, i) => s.sentMessages.filter((m) => (!i?.channel || m.channel === i.channel) && (!i?.accountId || m.accountId === i.accountId)).map((m) => ({ ...m })),
  ),
  published: def(z.object({ igUserId: z.string().optional() }).optional(), (s, i) =>
    [...s.igMedia.values()]
      .filter((m) => !m.isChild && (!i?.igUserId || m.igUserId === i.igUserId))
      .map((m) => ({
        mediaId: m.id,
        igUserId: m.igUserId,
        containerId: m.containerId,
        caption: m.caption,
        mediaType: m.mediaType,
        mediaProductType: m.mediaProductType,
        children: m.children,
        imageUrl: m.imageUrl,
        videoUrl: m.videoUrl,
        permalink: m.permalink,
        shortcode: m.shortcode,
        timestamp: metaTime(m.timestamp),
        at: m.timestamp,
      })),
  ),
  containers: def(nothing, (s) =>
    [...s.containers.values()].map((c) => {
      const st = containerStatus(s, c, false);
      return {
        id: c.id,
        igUserId: c.igUserId,
        mediaType: c.mediaType,
        isCarouselItem: c.isCarouselItem,
        imageUrl: c.imageUrl,
        videoUrl: c.videoUrl,
        caption: c.caption,
        children: c.children,
        status: st.status,
        errorSubcode: st.subcode,
        createdAt: c.createdAt,
        publishedMediaId: c.publishedMediaId,
        pollsRemaining: c.pollsRemaining,
        /** The creation parameters as sent (token removed): optional ones such as `alt_text` or `thumb_offset`. */
        params: c.params,
      };
    }),
  ),
  comments: def(z.object({ mediaId: z.string() }), (s, i) => [...s.comments.values()].filter((c) => c.mediaId === i.mediaId).map((c) => ({ ...c }))),
  deliveries: def(nothing, (s) => s.emitter.deliveries.map((d) => ({ ...d }))),
  calls: def(nothing, (s) => s.calls.map((c) => ({ ...c }))),
};

type Defs = typeof controlDefs;
type Method<D extends { schema: z.ZodType; fn: (...a: never[]) => unknown }> =
  undefined extends z.input<D["schema"]>
    ? (input?: z.input<D["schema"]>) => ReturnType<D["fn"]>
    : Record<string, never> extends z.input<D["schema"]>
    ? (input?: z.input<D["schema"]>) => ReturnType<D["fn"]>
    : (input: z.input<D["schema"]>) => ReturnType<D["fn"]>;

/** In-process control handle: the same operations as the HTTP `/_fake/*` API. */
export type FakeGraphControl = { [K in keyof Defs]: Method<Defs[K]> };
export const CONTROL_METHODS = Object.keys(controlDefs) as (keyof Defs)[];

export function callControl(state: FakeGraphState, name: keyof Defs, input: unknown): unknown {
  const d = controlDefs[name] as { schema: z.ZodType; fn: (s: FakeGraphState, i: unknown) => unknown };
  // All-optional inputs may be omitted: treat a missing input as {}.
  return d.fn(state, d.schema.parse(input ?? {}));
}

export function createControl(state: FakeGraphState): FakeGraphControl {
  const out: Record<string, (input?: unknown) => unknown> = {};
  for (const name of CONTROL_METHODS) out[name] = (input?: unknown) => callControl(state, name, input);
  return out as unknown as FakeGraphControl;
}
