/**
 * The fourth held-out set (test/heldout-shops-4.ts), offline: a florist, a dog groomer and pet shop, a handmade
 * jewellery brand on Instagram. Written before looking at the engine's lexicons; measured on main, then fixed by
 * general causes on the first two thirds of each shop (branch triage4); the last third was measured once, at the end,
 * then its false automatic replies were fixed by their causes too: it is no longer untouched.
 * Thresholds are the figures measured (docs/benchmarks.md, "Held-out shops, fourth audit"), so a regression fails.
 */
import { describe, expect, it } from "vitest";
import { OfflineProvider } from "../src/index";
import { HELDOUT_SHOPS_4 } from "./heldout-shops-4";
import { describeFigures, emptyFigures, evaluateShops } from "./labelled-eval";

async function evaluate() {
  const tuning = emptyFigures();
  const final = emptyFigures();
  const { all, byShop } = await evaluateShops(new OfflineProvider(), HELDOUT_SHOPS_4, (shop, i) => [i < shop.finalFrom ? tuning : final]);
  return { all, tuning, final, byShop };
}

describe("held-out shops, fourth set (offline)", () => {
  it("holds at least 150 messages over three shops, half French half English, a third kept as the final check", () => {
    const messages = HELDOUT_SHOPS_4.flatMap((s) => s.messages);
    expect(messages.length).toBeGreaterThanOrEqual(150);
    const fr = messages.filter((m) => m.language === "fr").length;
    expect(Math.abs(fr - (messages.length - fr))).toBeLessThanOrEqual(6);
    for (const shop of HELDOUT_SHOPS_4) {
      expect(shop.kb.length).toBeGreaterThanOrEqual(12);
      expect(shop.messages.length - shop.finalFrom).toBeGreaterThanOrEqual(Math.floor(shop.messages.length * 0.3));
      // Every expected fact is in the shop's documents (a typo in a label would count as a wrong reply).
      const kbText = shop.kb.map((d) => d.markdown).join("\n");
      for (const m of shop.messages) for (const group of m.facts ?? []) expect(group.some((f) => kbText.includes(f)), `${JSON.stringify(m.text)}: ${group}`).toBe(true);
      for (const m of shop.messages) if (m.source) expect(shop.kb.map((d) => d.title), m.source).toContain(m.source);
    }
  });

  // Measured (docs/benchmarks.md, "Held-out shops, fourth audit"): main 134/172 exact, 5 false automatic replies (2 on
  // the tuning part, 3 on the final check), 39/42 must-escalate escalated; branch triage4 149 exact, 69 answered;
  // branch triage5 (the fifth audit's abroad token: "vous livrez en belgique ?") 150 and 70; branch triage6 (its
  // synonym tokens) the figures below.
  it("measured figures: ≥ 151 exact, no false auto-reply, every must-escalate escalated", async () => {
    const { all, tuning, final, byShop } = await evaluate();
    for (const [id, f] of Object.entries(byShop)) console.log(`held-out-4 ${id}: ${describeFigures(f)}`);
    console.log(`held-out-4 tuning: ${describeFigures(tuning)}\n  ${tuning.failures.join("\n  ")}`);
    console.log(`held-out-4 final: ${describeFigures(final)}\n  ${final.failures.join("\n  ")}`);
    console.log(`held-out-4 all: ${describeFigures(all)}`);
    expect(all.exact).toBeGreaterThanOrEqual(151);
    expect(final.exact).toBeGreaterThanOrEqual(48);
    expect(tuning.falseAuto).toBe(0);
    expect(final.falseAuto).toBe(0);
    expect(all.mustEscalateEscalated).toBe(all.mustEscalate);
    expect(all.autoReplies - all.autoRepliesWithFacts).toBeLessThanOrEqual(1);
    expect(all.answeredWithFacts).toBeGreaterThanOrEqual(71);
    expect(all.ignored).toBeGreaterThanOrEqual(28);
  });
});
