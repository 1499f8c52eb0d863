import { KnowledgeIndex, OfflineProvider, type AiRule, type TriageSettings } from "../src/index";

export const provider = new OfflineProvider();

export const KB: { title: string; text: string }[] = [
  { title: "Livraison", text: "Livraison : nous livrons partout en France en 48 heures. La livraison est offerte dès 50 euros d'achat." },
  { title: "Horaires", text: "Horaires : la boutique est ouverte du mardi au samedi, de 10 h à 19 h. Fermée le dimanche et le lundi." },
  { title: "Shipping", text: "Shipping: we ship everywhere in France within 48 hours. Shipping is free for orders over 50 euros." },
  { title: "Opening hours", text: "Opening hours: the shop is open Tuesday to Saturday, 10am to 7pm. Closed on Sundays and Mondays." },
  { title: "Tailles", text: "Tailles : nos robes taillent petit, prenez une taille au-dessus. Le guide des tailles est sur le site." },
  { title: "Paiement", text: "Paiement : nous acceptons la carte bancaire, PayPal et le paiement en trois fois sans frais." },
];

export function kbIndex(entries = KB) {
  return new KnowledgeIndex(
    provider.embedder,
    entries.map((e, i) => ({ chunkId: `chunk-${i}`, documentId: `doc-${i}`, title: e.title, text: e.text, vector: provider.embedder.embedOne(e.text) })),
  );
}

let n = 0;
export function rule(partial: Partial<AiRule> & Pick<AiRule, "type">): AiRule {
  n++;
  return {
    id: partial.id ?? `rule-${n}`,
    name: partial.name ?? `${partial.type} ${n}`,
    keywords: [],
    patterns: [],
    examples: [],
    similarityThreshold: 0.7,
    confidenceMin: 0.7,
    enabled: true,
    priority: 100,
    ...partial,
  };
}

export const settings: TriageSettings = { locale: "fr", safetyDisabled: [], humanTakeoverHours: 12, rulesVersion: 3 };
export const NOW = new Date("2026-03-10T10:00:00Z");
