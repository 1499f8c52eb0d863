/**
 * The third held-out set (test/heldout-shops-3.ts), offline: a plant nursery, a barbershop, a tattoo and piercing
 * studio. Written before looking at the engine's lexicons; measured, then the worst failures fixed by their general
 * causes (branch triage3), so it is no longer untouched.
 * Thresholds are the figures measured (docs/benchmarks.md, "Held-out shops, third audit"), so a regression fails.
 */
import { describe, expect, it } from "vitest";
import { OfflineProvider } from "../src/index";
import { HELDOUT_SHOPS_3 } from "./heldout-shops-3";
import { describeFigures, evaluateShops } from "./labelled-eval";

const evaluate = () => evaluateShops(new OfflineProvider(), HELDOUT_SHOPS_3);

describe("held-out shops, third set (offline)", () => {
  it("holds at least 150 messages over three shops, French and English, every expected fact in the documents", () => {
    const messages = HELDOUT_SHOPS_3.flatMap((s) => s.messages);
    expect(messages.length).toBeGreaterThanOrEqual(150);
    const fr = messages.filter((m) => m.language === "fr").length;
    expect(Math.min(fr, messages.length - fr)).toBeGreaterThanOrEqual(70);
    for (const shop of HELDOUT_SHOPS_3) {
      expect(shop.kb.length).toBeGreaterThanOrEqual(10);
      const kbText = shop.kb.map((d) => d.markdown).join("\n");
      for (const m of shop.messages) for (const group of m.facts ?? []) expect(group.some((f) => kbText.includes(f)), `${JSON.stringify(m.text)}: ${group}`).toBe(true);
      for (const m of shop.messages) if (m.source) expect(shop.kb.map((d) => d.title), m.source).toContain(m.source);
    }
  });

  // Measured (docs/benchmarks.md, "Held-out shops, third audit"): main 110/160 exact, 4 false automatic replies, one
  // must-escalate answered, 9 replies without their fact; after the fixes by cause (branch triage3) 129 exact, 63
  // answered; 130 and 64 after the fourth audit's (branch triage4); 131, 65 and 3 without their fact since the sentence
  // carrying the asked-for value is chosen (branch answers); 134, 68 and 1 since a refusal brings the sentence saying how
  // it is done instead ("can I book through dm?" → Planity, branch triage6).
  it("measured figures: ≥ 134 exact, no false auto-reply, every must-escalate escalated", async () => {
    const { all, byShop } = await evaluate();
    for (const [id, f] of Object.entries(byShop)) console.log(`held-out-3 ${id}: ${describeFigures(f)}\n  ${f.failures.join("\n  ")}`);
    console.log(`held-out-3 all: ${describeFigures(all)}`);
    expect(all.exact).toBeGreaterThanOrEqual(134);
    expect(all.falseAuto).toBe(0);
    expect(all.mustEscalateEscalated).toBe(all.mustEscalate);
    expect(all.autoReplies - all.autoRepliesWithFacts).toBeLessThanOrEqual(1);
    expect(all.answeredWithFacts).toBeGreaterThanOrEqual(68);
    expect(all.ignored).toBeGreaterThanOrEqual(19);
  });
});
