import { GraphError } from "../errors.js";
import { authFor, type GraphCtx } from "../context.js";
import { pick, str } from "../params.js";

/** GET /{pnid} — used by connectors to validate a connect (display number, verified name). */
export function phoneNumberInfo(ctx: GraphCtx, phoneNumberId: string) {
  authFor(ctx, phoneNumberId, phoneNumberId, "get");
  const acc = ctx.state.waAccounts.get(phoneNumberId);
  if (!acc) throw new GraphError({ code: 100, subcode: 33 });
  ctx.bucId = acc.wabaId;
  ctx.bucType = "whatsapp_business_management";
  return pick(
    ctx.fields,
    ["verified_name", "code_verification_status", "display_phone_number", "quality_rating", "platform_type", "throughput", "id"],
    {
      id: () => acc.phoneNumberId,
      verified_name: () => acc.verifiedName,
      display_phone_number: () => acc.displayPhoneNumber,
      code_verification_status: () => "VERIFIED",
      quality_rating: () => "GREEN",
      platform_type: () => "CLOUD_API",
      throughput: () => ({ level: "STANDARD" }),
      name_status: () => "APPROVED",
      messaging_limit_tier: () => "TIER_1K",
    },
    "WhatsAppBusinessPhoneNumber",
  );
}

export function wabaInfo(ctx: GraphCtx, wabaId: string) {
  authFor(ctx, wabaId, wabaId, "get");
  const waba = ctx.state.wabas.get(wabaId);
  if (!waba) throw new GraphError({ code: 100, subcode: 33 });
  ctx.bucId = wabaId;
  ctx.bucType = "whatsapp_business_management";
  return pick(ctx.fields, ["id", "name", "currency", "timezone_id", "message_template_namespace"], {
    id: () => wabaId,
    name: () => waba.name,
    currency: () => "USD",
    timezone_id: () => "1",
    message_template_namespace: () => `fake_${wabaId}`,
  }, "WhatsAppBusinessAccount");
}

export function subscribeWaba(ctx: GraphCtx, wabaId: string, method: "get" | "post") {
  authFor(ctx, wabaId, wabaId, method);
  const waba = ctx.state.wabas.get(wabaId);
  if (!waba) throw new GraphError({ code: 100, subcode: 33 });
  ctx.bucId = wabaId;
  ctx.bucType = "whatsapp_business_management";
  if (method === "post") {
    // No parameter is needed (the fields are the app's, chosen in the App Dashboard). A callback override comes with
    // its verify token, both or neither (WhatsApp "Webhook overrides").
    const override = str(ctx.params, "override_callback_uri");
    const verify = str(ctx.params, "verify_token");
    if (override !== undefined && !verify) throw new GraphError({ code: 100, message: "(#100) The parameter verify_token is required." });
    if (verify !== undefined && !override) throw new GraphError({ code: 100, message: "(#100) The parameter override_callback_uri is required." });
    waba.subscribed = true;
    return { success: true };
  }
  return {
    data: waba.subscribed ? [{ whatsapp_business_api_data: { link: "https://example.com/", name: "Sillage", id: "fake-app" } }] : [],
  };
}

export function registerPhone(ctx: GraphCtx, phoneNumberId: string) {
  authFor(ctx, phoneNumberId, phoneNumberId, "post");
  if (str(ctx.params, "messaging_product") !== "whatsapp") {
    throw new GraphError({ code: 100, message: "(#100) The parameter messaging_product is required." });
  }
  return { success: true };
}
