import { createHash, createHmac } from "node:crypto";
import { GraphError, invalidParam, unsupported } from "../errors.js";
import { ids } from "../ids.js";
import { auth, authFor, type GraphCtx } from "../context.js";
import { str } from "../params.js";
import { DAY, type FakeGraphState, type WaMedia } from "../state.js";

/** Media URLs are valid 5 minutes (contract §1.4). */
const URL_TTL_MS = 5 * 60_000;
const URL_KEY = ids.hex(16);

export function storeWaMedia(
  state: FakeGraphState,
  phoneNumberId: string,
  bytes: Buffer,
  mimeType: string,
  ttlMs: number,
  filename?: string,
): WaMedia {
  const acc = state.waAccounts.get(phoneNumberId);
  const now = state.now();
  const m: WaMedia = {
    id: ids.waMedia(),
    phoneNumberId,
    wabaId: acc?.wabaId ?? "",
    mimeType,
    bytes,
    sha256: createHash("sha256").update(bytes).digest("base64"),
    createdAt: now,
    expiresAt: now + ttlMs,
    filename,
  };
  state.waMedia.set(m.id, m);
  return m;
}

/** POST /{pnid}/media — multipart upload; ids from uploads live 30 days. */
export async function uploadMedia(ctx: GraphCtx, phoneNumberId: string) {
  authFor(ctx, phoneNumberId, phoneNumberId, "post");
  ctx.bucId = ctx.state.waAccounts.get(phoneNumberId)?.wabaId;
  ctx.bucType = "whatsapp";
  if (str(ctx.params, "messaging_product") !== "whatsapp") throw invalidParam("(#100) The parameter messaging_product is required.");
  const file = ctx.params.file;
  if (!(file instanceof Blob)) throw invalidParam("(#100) The parameter file is required.");
  const type = str(ctx.params, "type") ?? file.type;
  if (!type) throw invalidParam("(#100) The parameter type is required.");
  const bytes = Buffer.from(await file.arrayBuffer());
  const m = storeWaMedia(ctx.state, phoneNumberId, bytes, type, 30 * DAY, file instanceof File ? file.name : undefined);
  return { id: m.id };
}

function liveMedia(ctx: GraphCtx, id: string, method: "get" | "delete"): WaMedia {
  const m = ctx.state.waMedia.get(id);
  if (!m || ctx.now >= m.expiresAt) throw unsupported(id, method);
  authFor(ctx, m.wabaId, id, method);
  ctx.bucId = m.wabaId;
  ctx.bucType = "whatsapp";
  return m;
}

const sig = (id: string, exp: number) => createHmac("sha256", URL_KEY).update(`${id}:${exp}`).digest("hex").slice(0, 32);

/** GET /{media-id} → a lookaside-style URL on this origin, valid 5 minutes; file_size is a string. */
export function getMedia(ctx: GraphCtx, id: string) {
  const m = liveMedia(ctx, id, "get");
  const pn = str(ctx.params, "phone_number_id");
  if (pn && pn !== m.phoneNumberId) throw invalidParam("(#100) Invalid parameter phone_number_id");
  const exp = Math.floor((ctx.now + URL_TTL_MS) / 1000);
  return {
    messaging_product: "whatsapp",
    url: `${ctx.origin}/whatsapp_business/attachments/?mid=${m.id}&ext=${exp}&hash=${sig(m.id, exp)}`,
    mime_type: m.mimeType,
    sha256: m.sha256,
    file_size: String(m.bytes.length),
    id: m.id,
  };
}

export function deleteMedia(ctx: GraphCtx, id: string) {
  liveMedia(ctx, id, "delete");
  ctx.state.waMedia.delete(id);
  return { success: true };
}

/** The media-bytes route: bearer of the WABA required, URL signature and 5-minute validity checked. */
export function downloadMedia(ctx: GraphCtx): Response {
  const t = auth(ctx);
  const mid = ctx.url.searchParams.get("mid") ?? "";
  const exp = Number(ctx.url.searchParams.get("ext"));
  const hash = ctx.url.searchParams.get("hash");
  const m = ctx.state.waMedia.get(mid);
  const notFound = () => new GraphError({ code: 100, subcode: 33, httpStatus: 404, message: "URL signature mismatch or URL expired" });
  if (!m || hash !== sig(mid, exp) || ctx.now >= exp * 1000 || ctx.now >= m.expiresAt) throw notFound();
  if (!t.grants.has(m.wabaId)) throw new GraphError({ code: 200, httpStatus: 403, message: "(#200) Requires permission to access this media" });
  ctx.bucId = m.wabaId;
  ctx.bucType = "whatsapp";
  return new Response(new Uint8Array(m.bytes), {
    status: 200,
    headers: { "content-type": m.mimeType, "content-length": String(m.bytes.length) },
  });
}
