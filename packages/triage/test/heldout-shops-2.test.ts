/**
 * The second held-out set (test/heldout-shops-2.ts), offline: a traiteur, a second-hand clothing shop on Instagram,
 * a phone-repair shop. Measured after the set was written; the last third of each shop was measured once, at the end,
 * then fixed by cause (branch triagefalse): it is no longer untouched.
 * Thresholds are the figures measured (docs/benchmarks.md, "Held-out shops, second audit"), so a regression fails.
 */
import { describe, expect, it } from "vitest";
import { OfflineProvider } from "../src/index";
import { HELDOUT_SHOPS_2 } from "./heldout-shops-2";
import { describeFigures, emptyFigures, evaluateShops } from "./labelled-eval";

async function evaluate() {
  const tuning = emptyFigures();
  const final = emptyFigures();
  const { all, byShop } = await evaluateShops(new OfflineProvider(), HELDOUT_SHOPS_2, (shop, i) => [i < shop.finalFrom ? tuning : final]);
  return { all, tuning, final, byShop };
}

describe("held-out shops, second set (offline)", () => {
  it("holds at least 150 messages over three shops, half French half English, a third kept as the final check", () => {
    const messages = HELDOUT_SHOPS_2.flatMap((s) => s.messages);
    expect(messages.length).toBeGreaterThanOrEqual(150);
    const fr = messages.filter((m) => m.language === "fr").length;
    expect(Math.abs(fr - (messages.length - fr))).toBeLessThanOrEqual(6);
    for (const shop of HELDOUT_SHOPS_2) {
      expect(shop.kb.length).toBeGreaterThanOrEqual(10);
      expect(shop.messages.length - shop.finalFrom).toBeGreaterThanOrEqual(Math.floor(shop.messages.length * 0.3));
      // Every expected fact is in the shop's documents (a typo in a label would count as a wrong reply).
      const kbText = shop.kb.map((d) => d.markdown).join("\n");
      for (const m of shop.messages) for (const group of m.facts ?? []) expect(group.some((f) => kbText.includes(f)), `${JSON.stringify(m.text)}: ${group}`).toBe(true);
    }
  });

  // Measured when the fixes were done (docs/benchmarks.md): main 124/176 exact, 10 false automatic replies; then 144/176,
  // none on the tuning part, three on the final check; 147/176 and none anywhere once those three were fixed by their
  // causes (branch triagefalse: the final check is no longer untouched); 150 after the third audit's fixes (branch triage3),
  // 152 after the fourth's (branch triage4); 154 after the sixth's (branch triage6: address lines and names read in
  // any language, "where's the shop?").
  // A change that sends more fails.
  it("measured figures: ≥ 154 exact, no false auto-reply, every must-escalate escalated", async () => {
    const { all, tuning, final, byShop } = await evaluate();
    for (const [id, f] of Object.entries(byShop)) console.log(`held-out-2 ${id}: ${describeFigures(f)}`);
    console.log(`held-out-2 tuning: ${describeFigures(tuning)}\n  ${tuning.failures.join("\n  ")}`);
    console.log(`held-out-2 final: ${describeFigures(final)}\n  ${final.failures.join("\n  ")}`);
    console.log(`held-out-2 all: ${describeFigures(all)}`);
    expect(all.exact).toBeGreaterThanOrEqual(154);
    expect(tuning.falseAuto).toBe(0);
    expect(final.falseAuto).toBe(0);
    expect(final.exact).toBeGreaterThanOrEqual(47);
    expect(tuning.mustEscalateEscalated).toBe(tuning.mustEscalate);
    expect(all.mustEscalateEscalated).toBe(all.mustEscalate);
    expect(all.autoReplies - all.autoRepliesWithFacts).toBeLessThanOrEqual(4);
    expect(all.answeredWithFacts).toBeGreaterThanOrEqual(85);
    expect(all.ignored).toBeGreaterThanOrEqual(15);
  });
});
