import type { FakeGraphControl } from "./control.js";

type Async<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
/** The control API as seen from another process: every method async. */
export type FakeGraphControlAsync = { [K in keyof FakeGraphControl]: Async<FakeGraphControl[K]> };

/** Typed HTTP client of the `/_fake/*` control API (e2e tests in another process). */
export class FakeGraphClient implements FakeGraphControlAsync {
  private readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  async call(method: string, input?: unknown): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}/_fake/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input ?? {}),
    });
    const body = (await res.json()) as { error?: { message?: string; issues?: unknown } };
    if (!res.ok) {
      throw new Error(`fake-graph ${method}: ${body.error?.message ?? res.status}${body.error?.issues ? ` ${JSON.stringify(body.error.issues)}` : ""}`);
    }
    return body;
  }

  private m<K extends keyof FakeGraphControl>(name: K): FakeGraphControlAsync[K] {
    return ((input?: unknown) => this.call(name, input)) as FakeGraphControlAsync[K];
  }

  reset = this.m("reset");
  now = this.m("now");
  setClock = this.m("setClock");
  advance = this.m("advance");
  configure = this.m("configure");
  configureApps = this.m("configureApps");
  createWhatsAppAccount = this.m("createWhatsAppAccount");
  createInstagramAccount = this.m("createInstagramAccount");
  issueOAuthCode = this.m("issueOAuthCode");
  issueToken = this.m("issueToken");
  revokeToken = this.m("revokeToken");
  addTemplate = this.m("addTemplate");
  setTemplateStatus = this.m("setTemplateStatus");
  setWindowMode = this.m("setWindowMode");
  setPricingModel = this.m("setPricingModel");
  failSendsAsync = this.m("failSendsAsync");
  configureWebhooks = this.m("configureWebhooks");
  customerMessage = this.m("customerMessage");
  customerComment = this.m("customerComment");
  customerEditComment = this.m("customerEditComment");
  customerDeleteComment = this.m("customerDeleteComment");
  deleteInstagramMedia = this.m("deleteInstagramMedia");
  customerReaction = this.m("customerReaction");
  customerPostback = this.m("customerPostback");
  customerReferral = this.m("customerReferral");
  customerSeen = this.m("customerSeen");
  instagramThreadControl = this.m("instagramThreadControl");
  customerChangedNumber = this.m("customerChangedNumber");
  whatsappInbound = this.m("whatsappInbound");
  customerEditMessage = this.m("customerEditMessage");
  customerUnsendMessage = this.m("customerUnsendMessage");
  sendRawWebhook = this.m("sendRawWebhook");
  setInstagramProfile = this.m("setInstagramProfile");
  seedDemoCustomers = this.m("seedDemoCustomers");
  seedInstagramMedia = this.m("seedInstagramMedia");
  setContainerStatus = this.m("setContainerStatus");
  removeAppSubscription = this.m("removeAppSubscription");
  injectFault = this.m("injectFault");
  clearFaults = this.m("clearFaults");
  faults = this.m("faults");
  flushWebhooks = this.m("flushWebhooks");
  sentMessages = this.m("sentMessages");
  published = this.m("published");
  containers = this.m("containers");
  comments = this.m("comments");
  deliveries = this.m("deliveries");
  calls = this.m("calls");
}
