import { GraphError, isWhatsAppCode } from "./errors.js";

export type FaultKind = "transient" | "throttle" | "permanent" | "slow" | "lost_response" | "malformed";

export interface FaultInput {
  match?: { operation?: string; method?: string; path?: string };
  times?: number;
  skip?: number;
  kind: FaultKind;
  code?: number;
  subcode?: number;
  httpStatus?: number;
  message?: string;
  delayMs?: number;
  mode?: "destroy" | "500";
  body?: string;
}

export interface Fault extends FaultInput {
  id: string;
  times: number;
  skip: number;
  applied: number;
}

let faultSeq = 0;
export function makeFault(input: FaultInput): Fault {
  return { ...input, id: `fault_${++faultSeq}`, times: input.times ?? 1, skip: input.skip ?? 0, applied: 0 };
}

function matches(f: Fault, op: string, method: string, path: string): boolean {
  const m = f.match ?? {};
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path && !new RegExp(m.path).test(path)) return false;
  const o = m.operation;
  if (o && o !== "any") {
    if (o.endsWith("*")) {
      if (!op.startsWith(o.slice(0, -1))) return false;
    } else if (o !== op) return false;
  }
  return true;
}

/**
 * Faults that apply to this call: every matching `slow` fault plus the first other matching fault.
 * Consumes one use of each applied fault (and one `skip` of faults told to let calls through first).
 */
export function takeFaults(faults: Fault[], op: string, method: string, path: string): { slow: Fault[]; main?: Fault } {
  const slow: Fault[] = [];
  let main: Fault | undefined;
  for (const f of faults) {
    if (f.times <= 0 || !matches(f, op, method, path)) continue;
    // `skip` counts matching calls, whichever fault (if any) answers them.
    if (f.skip > 0) {
      f.skip--;
      continue;
    }
    if (f.kind !== "slow" && main) continue;
    f.times--;
    f.applied++;
    if (f.kind === "slow") slow.push(f);
    else main = f;
  }
  return { slow, main };
}

const THROTTLE_DATA: Record<number, Record<string, unknown>> = {
  130429: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." },
  80007: { messaging_product: "whatsapp", details: "The WhatsApp Business Account has reached its rate limit." },
  131056: {
    messaging_product: "whatsapp",
    details: "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
  },
};

export function faultError(f: Fault): GraphError {
  if (f.kind === "transient") {
    const code = f.code ?? 2;
    return new GraphError({ code, subcode: f.subcode, message: f.message, httpStatus: f.httpStatus ?? 500, isTransient: true });
  }
  if (f.kind === "throttle") {
    const code = f.code ?? 4;
    return new GraphError({
      code,
      subcode: f.subcode,
      message: f.message,
      httpStatus: f.httpStatus ?? (code === 4 ? 429 : 400),
      // WhatsApp's throttling errors (130429, 131056, 80007) carry no is_transient: only their code says "wait".
      ...(isWhatsAppCode(code) ? {} : { isTransient: true }),
      errorData: THROTTLE_DATA[code],
    });
  }
  const code = f.code ?? 100;
  return new GraphError({
    code,
    subcode: f.subcode,
    message: f.message,
    httpStatus: f.httpStatus ?? (code === 1 || code === 2 ? 500 : 400),
  });
}
