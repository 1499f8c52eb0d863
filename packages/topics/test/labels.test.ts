import { OfflineEmbedder } from "@sillage/triage";
import { describe, expect, it } from "vitest";
import { clusterParameters, findTopics, matchTrends } from "../src/cluster";
import { learnCorpusVectors } from "../src/corpus-vectors";
import { classTfIdf, contentWords, termsLabel } from "../src/labels";
import { adjustedRandIndex, normalizedMutualInformation } from "../src/metrics";

describe("c-TF-IDF labels", () => {
  it("French: the topic's own words, without stop words or greetings", () => {
    const livraison = ["Bonjour, où en est ma livraison ?", "Ma livraison n'est toujours pas arrivée", "Livraison en retard depuis lundi, merci de vérifier", "Quand arrive ma livraison ?"];
    const taille = ["Cette robe taille-t-elle petit ?", "Quelle taille me conseillez-vous pour la robe ?", "Je fais du 38, quelle taille de robe prendre ?"];
    const [a, b] = classTfIdf([livraison, taille]);
    expect(a![0]).toBe("livraison");
    expect(b!.slice(0, 2).sort()).toEqual(["robe", "taille"]);
    for (const t of [...a!, ...b!]) for (const w of t.split(" ")) expect(["bonjour", "ma", "est", "en", "de", "la", "merci", "je", "quelle"]).not.toContain(w);
  });

  it("English: contractions and politeness never make a label", () => {
    const refund = ["I didn't get my refund yet", "Where is my refund? Thanks", "Refund still not received, please help", "How long does a refund take?"];
    const card = ["My card was declined at the shop", "Why is my card declined?", "Card declined again today"];
    const [a, b] = classTfIdf([refund, card]);
    expect(a![0]).toBe("refund");
    expect(b).toContain("card declined");
    expect(termsLabel(b!)).toContain("card declined");
    expect(contentWords("I didn't get it, thanks")).toEqual(["get"]);
  });

  // Short messages worded apart: every term once in a topic of at least 8 terms, which used to leave no term at all
  // (the label became a whole message).
  it("French: a topic whose every term is seen once still gets terms", () => {
    const horaires = ["Vous êtes fermés le lundi c'est ça ?", "Ouvert dimanche matin ?", "Horaires du samedi aprem svp"];
    const livraison = ["Livraison en combien de jours ?", "La livraison est gratuite ?", "Livraison possible demain ?"];
    const [a, b] = classTfIdf([horaires, livraison]);
    expect(a!.length).toBeGreaterThanOrEqual(3);
    for (const t of a!) expect(horaires.join(" ").toLowerCase()).toContain(t.split(" ")[0]);
    expect(b![0]).toBe("livraison");
  });

  it("English: a topic whose every term is seen once still gets terms; a term seen twice still wins", () => {
    const hours = ["Are you closed on Mondays?", "Open Sunday morning?", "What time does the store shut tonight"];
    const refund = ["Refund not received yet", "Where is my refund", "Refund please, item returned last week"];
    const [a, b] = classTfIdf([hours, refund]);
    expect(a!.length).toBeGreaterThanOrEqual(3);
    expect(termsLabel(a!).split(" · ")).toHaveLength(3);
    expect(b).toEqual(["refund"]);
  });
});

describe("findTopics", () => {
  const groups = {
    delivery: ["Where is my parcel?", "My parcel has not arrived", "Parcel delivery is late", "When will my parcel be delivered?", "Tracking says parcel lost", "Parcel still not here", "Is my parcel on the way?", "Parcel delivery delayed again", "No news about my parcel", "The parcel tracking is stuck", "Parcel never came", "I am waiting for my parcel"],
    livraison: ["Où est mon colis ?", "Mon colis n'est pas arrivé", "Colis en retard", "Quand vais-je recevoir mon colis ?", "Le suivi du colis ne bouge plus", "Colis toujours pas livré", "Mon colis est perdu", "Aucune nouvelle de mon colis", "Le colis devait arriver hier", "Colis bloqué au dépôt", "J'attends mon colis", "Suivi colis introuvable"],
    password: ["I forgot my password", "Password reset does not work", "How do I change my password?", "Reset password email never came", "My password is not accepted", "Locked out, password wrong", "Need a new password", "Password change failed", "Can't remember my password", "Password reset link expired", "Wrong password again", "Help with password reset"],
  };
  const texts = Object.values(groups).flat();
  const truth = Object.entries(groups).flatMap(([k, v]) => v.map(() => k));

  it("finds the three topics of a small mixed FR/EN set, with their words, and is the same on a rerun", async () => {
    const vectors = await new OfflineEmbedder().embed(texts);
    const a = findTopics(texts, vectors, { seed: 3 });
    const b = findTopics(texts, vectors, { seed: 3 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.topics.length).toBeGreaterThanOrEqual(3);
    expect(normalizedMutualInformation(truth, Array.from(a.labels))).toBeGreaterThan(0.7);
    const allTerms = a.topics.flatMap((t) => t.terms);
    expect(allTerms).toEqual(expect.arrayContaining(["parcel", "colis", "password"]));
    for (const t of a.topics) {
      expect(t.samples.length).toBeGreaterThanOrEqual(Math.min(3, t.members.length));
      expect(t.samples.length).toBeLessThanOrEqual(5);
    }
  });

  it("a set this small has too few words to learn corpus vectors from: it keeps its lexical topics", async () => {
    const { corpusTermsOf } = await import("../src/embedder");
    expect(learnCorpusVectors(texts, corpusTermsOf)).toBeNull();
  });

  it("a topic needs about √n / 8 texts, at least 3 and at most 40, and min_samples a quarter of that", () => {
    const sizes = [20, 600, 1000, 5000, 10_000, 200_000].map((n) => clusterParameters(n));
    expect(sizes.map((p) => p.minClusterSize)).toEqual([3, 3, 4, 9, 13, 40]);
    expect(sizes.map((p) => p.minSamples)).toEqual([2, 2, 2, 2, 3, 10]);
  });

  it("gives no topic for fewer than ten texts", async () => {
    const few = texts.slice(0, 6);
    const r = findTopics(few, await new OfflineEmbedder().embed(few));
    expect(r.topics).toEqual([]);
  });
});

describe("trends and metrics", () => {
  it("matches each topic one-to-one with the most similar previous one and reads its growth", () => {
    const t = matchTrends(
      [
        { centroid: [1, 0], share: 0.5 },
        { centroid: [0, 1], share: 0.1 },
        { centroid: [0.7071, 0.7071], share: 0.4 },
      ],
      [
        { id: "a", centroid: [0.99, 0.141], share: 0.25 },
        { id: "b", centroid: [0, 1], share: 0.1 },
      ],
    );
    expect(t[0]).toEqual({ previousId: "a", growth: 1, trend: "up" });
    expect(t[1]).toMatchObject({ previousId: "b", trend: "stable" });
    expect(t[2]).toEqual({ previousId: null, growth: null, trend: "new" });
  });

  it("NMI and ARI are 1 for the same partition under renaming and about 0 for an unrelated one", () => {
    const a = [0, 0, 1, 1, 2, 2];
    expect(normalizedMutualInformation(a, [5, 5, 3, 3, 9, 9])).toBeCloseTo(1);
    expect(adjustedRandIndex(a, ["x", "x", "y", "y", "z", "z"])).toBeCloseTo(1);
    expect(normalizedMutualInformation(a, [0, 0, 0, 0, 0, 0])).toBe(0);
    // Hand-computed: contingency [[1,1],[1,1]] has ARI (0 − 1·1/3... ) = −0.5 for a = [0,0,1,1], b = [0,1,0,1].
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5);
  });
});

describe("embedders", () => {
  it("the offline topic embedder is deterministic, normalised, and puts a French and an English question on one subject closer than two subjects", async () => {
    const { TopicTermsEmbedder, embedderFor } = await import("../src/embedder");
    const { OfflineProvider } = await import("@sillage/triage");
    const e = new TopicTermsEmbedder();
    const [fr, en, other] = await e.embed(["Quand arrive ma livraison ?", "When will the delivery arrive?", "Do you have this dress in red?"]);
    const [again] = await e.embed(["Quand arrive ma livraison ?"]);
    expect(Array.from(again!)).toEqual(Array.from(fr!));
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    expect(dot(fr!, fr!)).toBeCloseTo(1, 5);
    expect(dot(fr!, en!)).toBeGreaterThan(dot(fr!, other!));
    expect(e.id).toBe("offline:topic-terms-v4:512");
    // Offline provider → the topic embedder; a model's embedder is used as it is.
    expect(embedderFor(new OfflineProvider()).id).toBe(e.id);
    const modelEmbedder = { id: "openai:text-embedding-3-small:256", dimension: 256, embed: () => Promise.resolve([]) };
    expect(embedderFor({ embedder: modelEmbedder } as never)).toBe(modelEmbedder);
  });
});
