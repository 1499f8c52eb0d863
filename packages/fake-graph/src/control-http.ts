import type { Hono } from "hono";
import { ZodError } from "zod";
import { CONTROL_METHODS, ControlError, callControl } from "./control.js";
import type { FakeGraphState } from "./state.js";

const controlError = (message: string, issues?: unknown) => ({ error: { type: "FakeGraphControlError", message, ...(issues ? { issues } : {}) } });

/** `POST /_fake/<method>` (JSON body = input) and `GET /_fake/<method>?…` for read-outs. */
export function mountControl(app: Hono, state: FakeGraphState): void {
  app.all("/_fake/:method", async (c) => {
    const name = c.req.param("method") as (typeof CONTROL_METHODS)[number];
    if (!CONTROL_METHODS.includes(name)) return c.json(controlError(`unknown control method ${name}`), 404);
    let input: unknown;
    if (c.req.method === "GET") {
      const q = c.req.query();
      input = Object.keys(q).length ? q : undefined;
    } else {
      const text = await c.req.text();
      try {
        input = text.trim() ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        return c.json(controlError("body is not JSON"), 400);
      }
    }
    try {
      const out = await callControl(state, name, input);
      return c.json((out ?? { ok: true }) as object);
    } catch (err) {
      if (err instanceof ZodError) return c.json(controlError("invalid input", err.issues), 400);
      if (err instanceof ControlError) return c.json(controlError(err.message), 400);
      return c.json(controlError(err instanceof Error ? err.message : String(err)), 500);
    }
  });
}
