/**
 * Malformed input, over real HTTP against the real server: every procedure of the app router gets a battery of bad
 * values (NUL, lone surrogates, overlong strings, emoji, wrong types, numbers as strings, huge arrays, nested
 * garbage, null and missing values), each placed in an otherwise valid input (boundary/samples.ts) so it travels
 * as far as a real one would. Any 5xx fails: bad input is the caller's error, answered 4xx with field errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededWorld, loadCaseFiles } from "./isolation/context";
import { sampleCaller, sampleContext, samples, type Sample, type SampleContext } from "./boundary/samples";
import { call, inBatches, procedurePaths as paths, variantsOf } from "./probe/trpc-calls";

let ctx: SampleContext;
beforeAll(async () => {
  ctx = await sampleContext(await createSeededWorld(await loadCaseFiles()));
}, 120_000);
afterAll(() => ctx.server.close());

const callerFor = (who: Sample["as"]) => sampleCaller(ctx, who);

describe("malformed input never gets a 5xx", () => {
  it("has a sample input for every procedure of the app router", () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((p) => !samples[p])).toEqual([]);
    expect(Object.keys(samples).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it.each(paths)("%s", async (path) => {
    const failures: string[] = [];
    for (const sample of samples[path]!(ctx)) {
      const who = await callerFor(sample.as);
      // The sample itself is valid: it reaches the procedure's work, so its variants do too.
      const base = await call(who, path, { label: "sample", input: sample.input });
      expect(base.code ?? "ok", `${path} sample: ${base.message}`).toBe(sample.expect ?? "ok");
      const variants = variantsOf(sample.input);
      // A throwaway session per call, made beforehand: a large body sent to a procedure without input can close
      // the connection it travelled on, and a sign-up must not be the next request on it.
      const callers = sample.as === "throwaway" ? await inBatches(variants, 1, () => callerFor("throwaway")) : variants.map(() => who);
      const answers = await inBatches(
        variants.map((v, i) => ({ v, who: callers[i]! })),
        6,
        async ({ v, who: caller }) => ({ v, a: await call(caller, path, v) }),
      );
      for (const { v, a } of answers) if (a.status >= 500) failures.push(`${v.label} → ${a.status} ${a.code ?? ""} ${a.message.slice(0, 160)}`);
    }
    expect(failures.join("\n")).toBe("");
  });
});
