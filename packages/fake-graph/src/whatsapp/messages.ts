import { GraphError, invalidParam, WA_131047_DETAILS } from "../errors.js";
import { emitStatusesOf } from "./statuses.js";
import { ids } from "../ids.js";
import { authFor, type GraphCtx } from "../context.js";
import { obj, str } from "../params.js";
import { DAY, type SentMessage, type Template, type WhatsAppAccount } from "../state.js";
import { expectedParams, findTemplate } from "./templates.js";

const MEDIA_TYPES = new Set(["image", "video", "audio", "document", "sticker"]);
const OTHER_TYPES = new Set(["interactive", "location", "reaction", "contacts"]);

function account(ctx: GraphCtx, phoneNumberId: string): WhatsAppAccount {
  authFor(ctx, phoneNumberId, phoneNumberId, "post");
  const acc = ctx.state.waAccounts.get(phoneNumberId);
  if (!acc) throw new GraphError({ code: 100, subcode: 33 });
  ctx.bucId = acc.wabaId;
  ctx.bucType = "whatsapp";
  return acc;
}

/** The 24 h customer-service window opens/renews on each customer message (contract §2.1). */
export function inWindow(acc: WhatsAppAccount, waId: string, now: number): boolean {
  const last = acc.lastInbound.get(waId);
  return last !== undefined && now - last < DAY;
}

function checkTemplate(ctx: GraphCtx, acc: WhatsAppAccount, tpl: Record<string, unknown>) {
  const name = typeof tpl.name === "string" ? tpl.name : undefined;
  const lang = tpl.language as { code?: unknown } | undefined;
  const code = typeof lang?.code === "string" ? lang.code : undefined;
  if (!name) throw invalidParam("(#100) Param template['name'] is required");
  if (!code) throw invalidParam("(#100) Param template['language']['code'] is required");
  const t = findTemplate(ctx.state, acc.wabaId, name, code);
  // Only APPROVED templates are sendable; anything else looks "missing in the translation" to Meta.
  if (!t || t.status !== "APPROVED") {
    throw new GraphError({
      code: 132001,
      errorData: { messaging_product: "whatsapp", details: `template name (${name}) does not exist in ${code}` },
    });
  }
  const want = expectedParams(t);
  const comps = Array.isArray(tpl.components) ? (tpl.components as Record<string, unknown>[]) : [];
  const sent = (type: string) => {
    const c = comps.find((x) => typeof x.type === "string" && x.type.toLowerCase() === type);
    return Array.isArray(c?.parameters) ? c.parameters.length : 0;
  };
  for (const type of ["header", "body"] as const) {
    const c = comps.find((x) => typeof x.type === "string" && x.type.toLowerCase() === type);
    if (Array.isArray(c?.parameters)) checkParameterFormats(type, headerFormat(t), c.parameters as unknown[]);
    if (sent(type) !== want[type]) {
      throw new GraphError({
        code: 132000,
        errorData: {
          messaging_product: "whatsapp",
          details: `${type}: number of localizable_params (${sent(type)}) does not match the expected number of params (${want[type]})`,
        },
      });
    }
  }
  return { name, language: code };
}

const TEXT_PARAMETER_TYPES = new Set(["text", "currency", "date_time"]);
const MEDIA_HEADER_FORMATS = new Set(["image", "video", "document"]);

function headerFormat(t: Template): string {
  const h = t.components.find((c) => c.type.toUpperCase() === "HEADER");
  return (h?.format ?? "TEXT").toLowerCase();
}

/**
 * Meta's checks of each parameter (132012 "Parameter format does not match format in the created template"): a text
 * header and the body take text, currency or date_time; a media (or location) header one parameter of its format, media
 * by id or link; currency needs fallback_value, code and an integer amount_1000, date_time its fallback_value.
 */
function checkParameterFormats(component: "header" | "body", format: string, parameters: unknown[]) {
  const mismatch = (details: string) => new GraphError({ code: 132012, errorData: { messaging_product: "whatsapp", details } });
  for (const raw of parameters) {
    const prm = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const type = typeof prm.type === "string" ? prm.type.toLowerCase() : "";
    // A media or location header takes one parameter of its own format.
    const expected = component === "header" && format !== "text" ? format : null;
    const expectsMedia = expected !== null && MEDIA_HEADER_FORMATS.has(expected);
    if (expected ? type !== expected : !TEXT_PARAMETER_TYPES.has(type)) {
      throw mismatch(`${component}: parameter of type ${type || "?"} where the template expects ${expected ?? "text"}`);
    }
    const value = prm[type];
    if (type === "text" && (typeof value !== "string" || value.length === 0)) throw invalidParam(`(#100) Param ${component}['text'] is required`);
    if (type === "currency") {
      const cur = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
      if (typeof cur.fallback_value !== "string" || typeof cur.code !== "string" || !Number.isInteger(cur.amount_1000)) {
        throw invalidParam("(#100) Param currency requires fallback_value, code and an integer amount_1000");
      }
    }
    if (type === "date_time") {
      const dt = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
      if (typeof dt.fallback_value !== "string") throw invalidParam("(#100) Param date_time requires fallback_value");
    }
    if (expectsMedia) {
      const media = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
      if ((media.id === undefined) === (media.link === undefined)) throw invalidParam(`(#100) Exactly one of ${type}['id'] or ${type}['link'] is required`);
    }
  }
}

function validateContent(ctx: GraphCtx, type: string, p: Record<string, unknown>) {
  const content = obj(p, type);
  if (type === "text") {
    const body = content?.body;
    if (typeof body !== "string" || body.length === 0) throw invalidParam("(#100) Param text['body'] is required");
    if (body.length > 4096) throw invalidParam("(#100) Param text['body'] must be at most 4096 characters long.");
    return body;
  }
  if (MEDIA_TYPES.has(type)) {
    if (!content) throw invalidParam(`(#100) Param ${type} is required`);
    const id = content.id;
    const link = content.link;
    if ((id === undefined) === (link === undefined)) throw invalidParam(`(#100) Exactly one of ${type}['id'] or ${type}['link'] is required`);
    if (typeof id === "string") {
      const m = ctx.state.waMedia.get(id);
      if (!m || ctx.now >= m.expiresAt) throw invalidParam(`(#100) Invalid parameter ${type}['id']`);
    }
    if (typeof link === "string" && !/^https?:\/\//.test(link)) throw invalidParam(`(#100) Invalid parameter ${type}['link']`);
    if (typeof content.caption === "string" && content.caption.length > 1024) {
      throw invalidParam(`(#100) Param ${type}['caption'] must be at most 1024 characters long.`);
    }
    return typeof content.caption === "string" ? content.caption : undefined;
  }
  if (OTHER_TYPES.has(type)) {
    if (!content && !Array.isArray(p[type])) throw invalidParam(`(#100) Param ${type} is required`);
    return undefined;
  }
  throw invalidParam(`(#100) Param type must be one of {TEXT, IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER, TEMPLATE, INTERACTIVE, LOCATION, REACTION, CONTACTS} - got "${type}".`);
}

/** POST /{pnid}/messages and /marketing_messages. */
export function sendWhatsApp(ctx: GraphCtx, phoneNumberId: string, marketing: boolean) {
  const acc = account(ctx, phoneNumberId);
  const p = ctx.params;
  if (str(p, "messaging_product") !== "whatsapp") throw invalidParam("(#100) The parameter messaging_product is required.");

  if (!marketing && str(p, "status") === "read") {
    const mid = str(p, "message_id");
    if (!mid || !mid.startsWith("wamid.")) throw invalidParam("(#100) Invalid parameter message_id");
    const inbound = ctx.state.waInbound.get(mid);
    if (inbound) inbound.read = true;
    return { success: true };
  }

  const toRaw = str(p, "to");
  if (!toRaw) throw invalidParam("(#100) The parameter to is required.");
  const waId = toRaw.replace(/[\s+\-()]/g, "");
  if (!/^\d{6,15}$/.test(waId)) throw invalidParam("(#100) Invalid parameter to");
  const type = (str(p, "type") ?? "text").toLowerCase();
  if (marketing && type !== "template") throw invalidParam("(#100) marketing_messages only supports type template");

  let template: { name: string; language: string } | undefined;
  let text: string | undefined;
  if (type === "template") {
    const tpl = obj(p, "template");
    if (!tpl) throw invalidParam("(#100) Param template is required");
    template = checkTemplate(ctx, acc, tpl);
  } else {
    text = validateContent(ctx, type, p);
  }

  const windowOpen = type === "template" || inWindow(acc, waId, ctx.now);
  if (!windowOpen && acc.windowMode === "sync") {
    throw new GraphError({ code: 131047, errorData: { messaging_product: "whatsapp", details: WA_131047_DETAILS } });
  }

  const wamid = ids.wamid();
  const rec: SentMessage = {
    id: wamid,
    channel: "whatsapp",
    kind: marketing ? "marketing" : type,
    accountId: phoneNumberId,
    wabaId: acc.wabaId,
    to: waId,
    text,
    template,
    body: p,
    status: "accepted",
    at: ctx.now,
  };
  ctx.state.sentMessages.push(rec);
  emitStatusesOf(ctx.state, acc, rec, str(p, "biz_opaque_callback_data"), { isTemplate: template !== undefined, windowOpen });

  const res: Record<string, unknown> = {
    messaging_product: "whatsapp",
    contacts: [{ input: toRaw, wa_id: waId }],
    messages: [template ? { id: wamid, message_status: "accepted" } : { id: wamid }],
  };
  if (marketing) res.success = true;
  return res;
}
