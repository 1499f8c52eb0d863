// Throwaway harness (branch topicsparams): every variant over the same embeddings and corpus vectors per input and seed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { WORD_PAIR_PREFIX, clusterParameters, corpusTermsOf, findTopics, learnCorpusVectors, normalizedMutualInformation, parseCsv, TopicTermsEmbedder, type ClusterParameters } from "@sillage/topics";

const [setsArg, seedsArg, variantsArg, termsArg = "words"] = process.argv.slice(2);
const SAMPLE = path.resolve(import.meta.dirname, "../../../shared/data/banking77/sample.csv");
const SHOP = path.resolve(import.meta.dirname, "data/shop-messages.csv");
function load(file: string, labelName: string) {
  const rows = parseCsv(readFileSync(file, "utf8"));
  const header = rows.shift()!;
  const t = header.indexOf("text");
  const l = header.indexOf(labelName);
  const kept = rows.filter((r) => (r[t] ?? "").trim());
  return { texts: kept.map((r) => r[t]!), labels: kept.map((r) => r[l]!) };
}
function half(d: { texts: string[]; labels: string[] }, h: number) {
  const names = [...new Set(d.labels)].sort();
  const keep = d.labels.map((l) => names.indexOf(l) % 2 === h);
  return { texts: d.texts.filter((_, i) => keep[i]), labels: d.labels.filter((_, i) => keep[i]) };
}
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
type V = { p?: (n: number, p: ClusterParameters) => Partial<ClusterParameters>; vote?: boolean; exact?: boolean; eps?: "median-core" | "median-core-mcs" };
const atom: Record<string, V> = {
  base: {},
  nn10: { p: (n) => ({ nNeighbors: Math.min(10, n - 1) }) },
  nn20: { p: (n) => ({ nNeighbors: Math.min(20, n - 1) }) },
  nnsqrt: { p: (n) => ({ nNeighbors: Math.min(n - 1, clamp(Math.round(Math.sqrt(n) / 5), 5, 30)) }) },
  nc3: { p: () => ({ nComponents: 3 }) },
  nc8: { p: () => ({ nComponents: 8 }) },
  md05: { p: () => ({ minDist: 0.05 }) },
  ep2x: { p: (_n, p) => ({ nEpochs: p.nEpochs * 2 }) },
  ms2: { p: (_n, p) => ({ minSamples: Math.max(2, Math.round(p.minClusterSize / 2)) }) },
  ms1: { p: () => ({ minSamples: 1 }) },
  msmcs: { p: (_n, p) => ({ minSamples: p.minClusterSize }) },
  mcs5: { p: (n) => { const m = Math.min(40, Math.max(3, Math.round(Math.sqrt(n) / 5))); return { minClusterSize: m, minSamples: Math.max(2, Math.round(m / 4)) }; } },
  mcs8: { p: (n) => { const m = Math.min(40, Math.max(3, Math.round(Math.sqrt(n) / 8))); return { minClusterSize: m, minSamples: Math.max(2, Math.round(m / 4)) }; } },
  vote: { vote: true },
  exact: { exact: true },
  eps: { eps: "median-core" },
  epsmcs: { eps: "median-core-mcs" },
};
// "a+b": atoms combined (parameter functions applied in order over the running parameters).
function variant(name: string): V {
  const parts = name.split("+").map((x) => atom[x] ?? (() => { throw new Error(x); })());
  return {
    p: (n, base) => parts.reduce((acc, v) => ({ ...acc, ...(v.p ? v.p(n, acc as ClusterParameters) : {}) }), { ...base }),
    vote: parts.some((v) => v.vote),
    exact: parts.some((v) => v.exact),
    eps: parts.find((v) => v.eps)?.eps,
  };
}
const banking = load(SAMPLE, "category");
const sets: Record<string, () => { texts: string[]; labels: string[] }> = {
  even: () => half(banking, 0), odd: () => half(banking, 1), whole: () => banking, shop: () => load(SHOP, "intent"),
};
const round = (x: number) => Math.round(x * 1000) / 1000;
for (const setName of setsArg!.split(",")) {
  const d = sets[setName]!();
  const vectors = await new TopicTermsEmbedder().embed(d.texts);
  for (const seed of seedsArg!.split(",").map(Number)) {
   for (const terms of termsArg.split(",")) {
    // "words": main's corpus vectors (pairs filtered out: the words' vectors are the same); "pairs": a87f9e6's.
    const termsOf = terms === "pairs" ? corpusTermsOf : (t: string) => corpusTermsOf(t).filter((x) => !x.startsWith(WORD_PAIR_PREFIX));
    const corpusVectors = learnCorpusVectors(d.texts, termsOf, { seed });
    for (const name of variantsArg!.split(",")) {
      const v = variant(name);
      const base = clusterParameters(d.texts.length);
      const cpu = process.cpuUsage();
      const r = findTopics(d.texts, vectors, { corpusVectors, seed, parameters: v.p!(d.texts.length, base), experiment: { noiseVote: v.vote, exactNeighbours: v.exact, epsilonFromCore: v.eps } });
      const c = process.cpuUsage(cpu);
      console.log(JSON.stringify({ set: setName, seed, terms, variant: name, nmi: round(normalizedMutualInformation(d.labels, Array.from(r.labels))), noise: round(r.noiseShare), clusters: r.topics.length, cpu_s: round((c.user + c.system) / 1e6), p: r.parameters }));
    }
   }
  }
}
