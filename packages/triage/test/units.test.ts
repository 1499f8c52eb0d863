import { describe, expect, it } from "vitest";
import {
  checkPattern,
  chunkText,
  compileKeyword,
  CompiledPattern,
  cosine,
  detectLanguage,
  extractDocumentText,
  KnowledgeIndex,
  markdownToText,
  normalize,
  OfflineEmbedder,
  OfflineProvider,
  SAFETY_CATEGORIES,
  tokenize,
  WordIndex,
} from "../src/index";
import { minimalPdf } from "../src/testing";

const has = (text: string, keyword: string) => new WordIndex(tokenize(text)).matches(compileKeyword(keyword)!);

describe("normalization and keywords", () => {
  it("strips accents, lowers case and unifies apostrophes", () => {
    expect(normalize("RÉCLAMATION À l’ÉTÉ")).toBe("reclamation a l'ete");
    expect(tokenize("aujourd’hui, c'est l'été!!🎉")).toEqual(["aujourd", "hui", "c", "est", "l", "ete", "🎉"]);
    // Each emoji is a word (skin tones and variation selectors dropped), so rules can name reactions.
    expect(tokenize("👍🏽❤️ ok")).toEqual(["👍", "❤", "ok"]);
  });

  it("matches whole words and phrases, with plurals and `*` endings", () => {
    expect(has("Un DÉVIS svp", "devis")).toBe(true);
    expect(has("quelle devise ?", "devis")).toBe(false);
    expect(has("des cadeaux", "cadeau")).toBe(true);
    expect(has("je veux être remboursée", "rembours*")).toBe(true);
    expect(has("parler au service-client", "service client")).toBe(true);
    expect(has("service après-vente, client", "service client")).toBe(false);
    expect(has("aujourd’hui", "aujourd'hui")).toBe(true);
    expect(compileKeyword("  !!! ")).toBeNull();
    // A keyword made only of emoji matches a message made only of emoji, not a question that carries one.
    expect(has("👍", "👍")).toBe(true);
    expect(has("👍👍 🙂", "👍")).toBe(true);
    expect(has("👍 vous livrez à Lyon ?", "👍")).toBe(false);
  });

  it("detects French and English, falling back to the workspace locale", () => {
    expect(detectLanguage("Bonjour, vous êtes ouverts le dimanche ?")).toBe("fr");
    expect(detectLanguage("Hi, are you open on Sunday?")).toBe("en");
    expect(detectLanguage("ok 👍", "en")).toBe("en");
    expect(detectLanguage("ok 👍", "fr")).toBe("fr");
    expect(detectLanguage("Est-ce que la robe taille petit ?")).toBe("fr");
    expect(detectLanguage("What time do you open?")).toBe("en");
  });

  it("lists the built-in safety categories with stable ids and labels", () => {
    expect(SAFETY_CATEGORIES.map((c) => c.id)).toEqual(["complaint", "refund", "legal", "urgency", "human", "injection"]);
    for (const c of SAFETY_CATEGORIES) expect(c.keywords.fr.length + c.keywords.en.length).toBeGreaterThan(0);
    expect(SAFETY_CATEGORIES.filter((c) => c.locked).map((c) => c.id)).toEqual(["injection"]);
  });
});

describe("rule patterns", () => {
  it.each([
    ["\\b(refund|remboursement)\\b"],
    ["commande\\s*n°?\\s*\\d{4,}"],
    ["^\\W*(merci|thanks)\\W*$"],
    ["[\\p{Extended_Pictographic}]+"],
    ["(ab|cd)+"],
    // Shapes a backtracking engine can take forever on are safe on RE2: linear time whatever the input.
    ["(a+)+$"],
    ["(\\w|\\d)+$"],
  ])("accepts %s", (p) => expect(checkPattern(p)).toEqual({ ok: true }));

  it.each([
    ["(a)\\1", /Backreferences/],
    ["(?<n>a)\\k<n>", /Backreferences/],
    ["foo(?=bar)", /Lookarounds/],
    ["foo(?!bar)", /Lookarounds/],
    ["(?<=a)b", /Lookarounds/],
    ["a{1001}", /up to \{1000\}/],
    ["[unclosed", /A bracket or parenthesis is left open/],
    ["a**", /nothing to repeat/],
    ["(?P<x", /Not a valid regular expression/],
    ["x".repeat(201), /At most 200 characters/],
    ["   ", /empty/],
  ])("refuses %s with a reason in words", (p, why) => {
    const r = checkPattern(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it("names the common slips by a code the SPA words in the reader's language, anything else with RE2's words", () => {
    const problem = (p: string) => {
      const r = checkPattern(p);
      return r.ok ? null : { problem: r.problem, detail: r.detail };
    };
    expect(problem("[unclosed")).toEqual({ problem: "unbalanced", detail: undefined });
    expect(problem("(a+)+[")).toEqual({ problem: "unbalanced", detail: undefined });
    expect(problem("oops)")).toEqual({ problem: "unbalanced", detail: undefined });
    expect(problem("*promo")).toEqual({ problem: "nothing_to_repeat", detail: undefined });
    expect(problem("(a)\\1")?.problem).toBe("backreference");
    expect(problem("(?<=a)b")?.problem).toBe("lookaround");
    expect(problem("a{1001}")?.problem).toBe("repeat_count");
    expect(problem("(?P<x")).toMatchObject({ problem: "syntax", detail: expect.any(String) });
  });

  it("matches case-insensitively on the original and on the accent-stripped text, on a bounded input", () => {
    const p = new CompiledPattern("precommande");
    expect(p.test("La PRÉcommande", normalize("La PRÉcommande"))).toBe(true);
    const late = `${"x ".repeat(2500)}precommande`;
    expect(p.test(late, late)).toBe(false);
    expect(() => new CompiledPattern("(a)\\1")).toThrow(/Backreferences/);
  });

  it("runs a pattern that backtracks catastrophically on RegExp in linear time", () => {
    const p = new CompiledPattern("^(a+)+$");
    const evil = `${"a".repeat(3000)}!`;
    // RegExp would need longer than the age of the universe here (the test would time out); RE2 reads it once.
    expect(p.test(evil, evil)).toBe(false);
  });
});

describe("offline embedder", () => {
  const e = new OfflineEmbedder();
  it("is deterministic, L2-normalised, of fixed dimension", () => {
    const a = e.embedOne("Livraison offerte dès 50 euros");
    expect(a.length).toBe(512);
    expect(Array.from(e.embedOne("Livraison offerte dès 50 euros"))).toEqual(Array.from(a));
    expect(cosine(a, a)).toBeCloseTo(1, 5);
    expect(e.id).toBe("offline:hash-ngrams-v2:512");
  });

  it("puts paraphrases closer than unrelated texts", () => {
    const q = e.embedOne("Gagne un iphone gratuit clique ici");
    expect(cosine(q, e.embedOne("Gagnez un iPhone gratuit, cliquez ici"))).toBeGreaterThan(0.7);
    expect(cosine(q, e.embedOne("Quels sont vos horaires d'ouverture ?"))).toBeLessThan(0.15);
  });

  it("gives a zero vector for text without words or emoji, and emoji a vector of their own", () => {
    expect(Array.from(e.embedOne("!!! ...")).every((x) => x === 0)).toBe(true);
    expect(cosine(e.embedOne("👍"), e.embedOne("👍👍"))).toBeGreaterThan(0.9);
    expect(cosine(e.embedOne("👍"), e.embedOne("😡"))).toBeLessThan(0.2);
  });
});

describe("knowledge", () => {
  it("chunks paragraphs and sentences to ~500–800 chars with ~100 chars of overlap", () => {
    const para = (n: number) => Array.from({ length: 6 }, (_, i) => `Phrase ${n}.${i} sur la livraison et les retours en magasin.`).join(" ");
    const text = Array.from({ length: 8 }, (_, i) => para(i)).join("\n\n");
    const chunks = chunkText(text);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(800);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(500);
    // Each chunk starts with the end of the previous one.
    for (let i = 1; i < chunks.length; i++) expect(chunks[i - 1]!.endsWith(chunks[i]!.split(" ").slice(0, 3).join(" ")) || chunks[i - 1]!.includes(chunks[i]!.slice(0, 40))).toBe(true);
    expect(chunkText("Court texte.")).toEqual(["Court texte."]);
    expect(chunkText("   \n\n  ")).toEqual([]);
  });

  it("cuts a very long sentence on spaces", () => {
    const chunks = chunkText(`${"mot ".repeat(600)}fin.`);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(800);
    expect(chunks.join(" ")).toContain("fin.");
  });

  it("turns markdown into text", () => {
    const t = markdownToText("# Livraison\n\n**Gratuite** dès 50 € — voir [nos conditions](https://x.fr).\n\n- Colissimo\n- `Relais`");
    expect(t).toContain("Livraison.");
    expect(t).toContain("Gratuite dès 50 € — voir nos conditions.");
    expect(t).not.toMatch(/[*#`[\]]/);
  });

  it("reads text from a PDF (unpdf)", async () => {
    const text = await extractDocumentText("pdf", minimalPdf(["Livraison offerte des 50 euros.", "Retours sous 30 jours."]));
    expect(text).toContain("Livraison offerte des 50 euros.");
    expect(text).toContain("Retours sous 30 jours.");
    await expect(extractDocumentText("pdf", new TextEncoder().encode("not a pdf"))).rejects.toThrow(/could not be read/);
  });

  it("ranks passages by BM25 fused with cosine, top-k, leaving out chunks that match nothing", async () => {
    const p = new OfflineProvider();
    const idx = new KnowledgeIndex(
      p.embedder,
      ["Horaires : ouvert du mardi au samedi.", "Livraison en 48 heures.", "Paiement en trois fois."].map((text, i) => ({
        chunkId: `c${i}`,
        documentId: "d",
        title: "FAQ",
        text,
        vector: p.embedder.embedOne(text),
      })),
    );
    const res = await idx.search("délai de livraison ?", 2);
    expect(res.map((r) => r.chunkId)).toEqual(["c1"]);
    expect(res[0]!.lexical).toBeGreaterThan(0.5);
    // Cross-language: the bilingual topic lexicon takes "delivery" to "livraison", "opening hours" to "ouvert".
    expect((await idx.search("How long does delivery take?", 2))[0]!.chunkId).toBe("c1");
    expect((await idx.search("When are you open?", 2))[0]!.chunkId).toBe("c0");
    expect(await idx.search("xylophone", 2)).toEqual([]);
  });
});

describe("offline answerer", () => {
  const p = new OfflineProvider();
  const passage = (text: string, score: number) => ({ chunkId: "c1", documentId: "d1", title: "FAQ", text, score });

  it("answers from the best passage with the sentences closest to the question", async () => {
    const a = await p.answer({
      messages: ["Quand livrez-vous à Lyon ?"],
      language: "fr",
      passages: [passage("Nous sommes une boutique familiale. La livraison à Lyon prend 24 heures. Nos emballages sont recyclés. Le paiement se fait en ligne.", 0.5)],
    });
    expect(a).toMatchObject({ triage: "AUTO_REPLY", usedSources: ["c1"] });
    expect(a.reply).toBe("Bonjour ! La livraison à Lyon prend 24 heures. N'hésitez pas si vous avez une autre question. Bonne journée !");
    expect(a.confidence).toBeGreaterThan(0.9);
  });

  it("does not answer an English question with a French passage (it cannot translate)", async () => {
    const a = await p.answer({ messages: ["When do you deliver?"], language: "en", passages: [passage("La livraison prend 24 heures, nous livrons partout.", 0.4)] });
    expect(a).toMatchObject({ triage: "ESCALATE", reply: null });
    expect(a).toMatchObject({ declined: "wrong_language" });
    expect(a.reason).toMatch(/no passage in English/);
  });

  it("maps retrieval scores to confidence", async () => {
    const low = await p.answer({ messages: ["livraison ?"], language: "fr", passages: [passage("La livraison prend 24 heures, nous livrons partout.", 0.31)] });
    const high = await p.answer({ messages: ["livraison ?"], language: "fr", passages: [passage("La livraison prend 24 heures, nous livrons partout.", 0.4)] });
    expect(low.confidence).toBeLessThan(0.8);
    expect(high.confidence).toBeGreaterThan(low.confidence);
  });
});
