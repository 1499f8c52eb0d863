/**
 * Why a decision was taken, as a code with parameters (stored in ai_decisions.reason_code / reason_params and
 * rendered by the web app in the reader's language), plus the legacy sentence in the workspace's language
 * (ai_decisions.reason). Every reason says what happened and what to do; rule matches quote the rule's name and the
 * words matched, never a pattern.
 */
import { SAFETY_CATEGORIES, type SafetyCategoryId } from "./safety";
import type { Language } from "./text";

export type ReasonCode =
  | "empty"
  | "safety"
  | "rule_deny"
  | "rule_escalate"
  | "human_takeover"
  | "needs_person"
  | "no_knowledge"
  | "weak_knowledge"
  | "not_cited"
  | "model_error"
  | "model_declined"
  | "low_confidence"
  | "wrong_language"
  | "auto_reply"
  /** Thanks or an acknowledgement alone: nothing to answer (acknowledgement.ts). */
  | "acknowledgement"
  /** A comment that opens by tagging another account: addressed to them, not to the shop (acknowledgement.ts). */
  | "addressed_to_other"
  /** A compliment or a reaction to a post, with no question (acknowledgement.ts). */
  | "compliment"
  /** An AUTO_REPLY turned ESCALATE because the workspace had no credit left (issue 19, @sillage/billing). */
  | "no_credits"
  /** Another app (Meta's inbox, a chatbot) controls the Instagram thread (handover protocol): no automatic reply. */
  | "thread_other_app";

export const REASON_CODES: readonly ReasonCode[] = [
  "empty",
  "safety",
  "rule_deny",
  "rule_escalate",
  "human_takeover",
  "needs_person",
  "no_knowledge",
  "weak_knowledge",
  "not_cited",
  "model_error",
  "model_declined",
  "low_confidence",
  "wrong_language",
  "auto_reply",
  "acknowledgement",
  "addressed_to_other",
  "compliment",
  "no_credits",
  "thread_other_app",
];

/** Parameters are plain JSON: strings and whole numbers (percentages are 0–100). */
export type ReasonParams = Record<string, string | number>;

export interface Reason {
  code: ReasonCode;
  params: ReasonParams;
}

export const pct = (x: number) => Math.round(x * 100);

function how(p: ReasonParams, fr: boolean): string {
  if (p.via === "example") return fr ? `ressemble à l'exemple « ${p.matched} » (${p.similarity} %)` : `similar to the example "${p.matched}" (${p.similarity} %)`;
  if (p.via === "pattern") return fr ? `motif trouvé : « ${p.matched} »` : `pattern found: "${p.matched}"`;
  return fr ? `mot-clé « ${p.matched} »` : `keyword "${p.matched}"`;
}

/** The legacy sentence (ai_decisions.reason), in the workspace's language. */
export function reasonText(lang: Language, { code, params: p }: Reason): string {
  const fr = lang === "fr";
  switch (code) {
    case "empty":
      return fr
        ? "Message sans texte (média, sticker ou réaction) : à regarder par une personne. Pour ignorer les réactions, ajoutez une règle « Ignorer » avec l'emoji en mot-clé."
        : "A message without text (media, sticker or reaction): for a person to look at. To ignore reactions, add an Ignore rule with the emoji as a keyword.";
    case "safety": {
      const label = SAFETY_CATEGORIES.find((c) => c.id === (p.category as SafetyCategoryId))?.label[lang] ?? String(p.category);
      return fr ? `Sécurité intégrée — ${label} (« ${p.matched} ») : à traiter par une personne.` : `Built-in safety — ${label} ("${p.matched}"): for a person to handle.`;
    }
    case "rule_deny":
      return fr
        ? `Ignoré par la règle « ${p.rule} » (${how(p, fr)}). Si ce message méritait une réponse, modifiez la règle.`
        : `Ignored by the rule "${p.rule}" (${how(p, fr)}). If this message deserved an answer, edit the rule.`;
    case "rule_escalate":
      return fr ? `Transmis par la règle « ${p.rule} » (${how(p, fr)}) : à traiter par une personne.` : `Escalated by the rule "${p.rule}" (${how(p, fr)}): for a person to handle.`;
    case "human_takeover": {
      const h = Number(p.hours) < 1 ? (fr ? "moins d'une heure" : "less than an hour") : `${Math.floor(Number(p.hours))} h`;
      return fr
        ? `Une personne a répondu il y a ${h} (fenêtre de ${p.window} h) : pas de réponse automatique, la conversation reste à cette personne.`
        : `A person answered ${h} ago (${p.window} h window): no automatic reply, the conversation stays with them.`;
    }
    case "needs_person": {
      const topic = {
        stock: fr ? "le stock d'un article" : "an item's stock",
        order: fr ? "une commande précise" : "a specific order",
        health: fr ? "la santé" : "health",
        negotiation: fr ? "un prix proposé par le client" : "a price the customer proposes",
        fraud: fr ? "un message reçu au nom de la boutique" : "a message sent in the shop's name",
        age: fr ? "une vente interdite aux mineurs" : "a sale forbidden to minors",
        grief: fr ? "un deuil" : "a bereavement",
      }[String(p.topic) as "stock" | "order" | "health" | "negotiation" | "fraud" | "age" | "grief"];
      return fr
        ? `Question sur ${topic} (« ${p.matched} ») : la base de connaissances ne peut pas y répondre, à traiter par une personne.`
        : `A question about ${topic} ("${p.matched}"): the knowledge base cannot answer it, for a person to handle.`;
    }
    case "no_knowledge":
      return fr
        ? "Rien dans la base de connaissances ne correspond à ce message : ajoutez un document qui répond à cette question."
        : "Nothing in the knowledge base matches this message: add a document that answers this question.";
    case "weak_knowledge":
      return fr
        ? `Le passage le plus proche (« ${p.title} », ${p.score} %) est sous le seuil de ${p.threshold} % : ajoutez ou précisez une entrée de la base de connaissances.`
        : `The closest passage ("${p.title}", ${p.score} %) is below the ${p.threshold} % threshold: add or clarify an entry of the knowledge base.`;
    case "not_cited":
      return fr
        ? "La réponse ne s'appuie sur aucun passage de la base de connaissances : à vérifier par une personne."
        : "The answer relies on no passage of the knowledge base: for a person to check.";
    case "model_error":
      return fr
        ? `Le modèle n'a pas pu répondre (${p.error}) : à traiter par une personne ; vérifiez la configuration du modèle si cela se répète.`
        : `The model could not answer (${p.error}): for a person to handle; check the model's configuration if this repeats.`;
    case "model_declined":
      return fr
        ? `Les passages trouvés ne répondent pas à la question (${p.explanation}) : ajoutez une entrée à la base de connaissances.`
        : `The passages found do not answer the question (${p.explanation}): add an entry to the knowledge base.`;
    case "low_confidence":
      return p.rule
        ? fr
          ? `La réponse n'a pas été trouvée avec assez de certitude (${p.confidence} %, seuil ${p.threshold} %) — ajoutez une entrée à la base de connaissances ou baissez le seuil de la règle « ${p.rule} ».`
          : `The answer was not found with enough certainty (${p.confidence} %, threshold ${p.threshold} %) — add an entry to the knowledge base or lower the threshold of the rule "${p.rule}".`
        : fr
          ? `La réponse n'a pas été trouvée avec assez de certitude (${p.confidence} %, seuil ${p.threshold} %) — ajoutez une entrée à la base de connaissances.`
          : `The answer was not found with enough certainty (${p.confidence} %, threshold ${p.threshold} %) — add an entry to the knowledge base.`;
    case "wrong_language": {
      const l = p.language === "fr" ? (fr ? "français" : "French") : fr ? "anglais" : "English";
      return fr
        ? `La base de connaissances n'a pas de réponse en ${l}, la langue du client : ajoutez une version en ${l} du document.`
        : `The knowledge base has no answer in ${l}, the customer's language: add a version of the document in ${l}.`;
    }
    case "acknowledgement":
      return fr
        ? "Un remerciement ou un accord, sans question : rien à répondre."
        : "Thanks or an acknowledgement, with no question: nothing to answer.";
    case "addressed_to_other":
      return fr
        ? "Un commentaire adressé à un autre compte (tagué en tête) : rien à répondre pour la boutique."
        : "A comment addressed to another account (tagged first): nothing for the shop to answer.";
    case "compliment":
      return fr ? "Un compliment ou une réaction à une publication, sans question : rien à répondre." : "A compliment or a reaction to a post, with no question: nothing to answer.";
    case "no_credits":
      return fr
        ? "Plus de crédits de réponses automatiques ce mois-ci : à traiter par une personne. Changez d'offre ou ajoutez des crédits dans Réglages › Offre."
        : "No automatic-reply credits left this month: for a person to handle. Change plan or add credits in Settings › Billing.";
    case "thread_other_app":
      return fr
        ? "Conversation gérée par une autre application (la messagerie de Meta ou un robot) : pas de réponse automatique. Une personne peut répondre si Instagram le permet."
        : "Conversation handled by another app (Meta's inbox or a bot): no automatic reply. A person may answer if Instagram allows it.";
    case "auto_reply":
      return p.rule
        ? fr
          ? `Règle « ${p.rule} » : réponse de la base de connaissances (confiance ${p.confidence} %).`
          : `Rule "${p.rule}": answered from the knowledge base (confidence ${p.confidence} %).`
        : fr
          ? `Réponse de la base de connaissances (confiance ${p.confidence} %).`
          : `Answered from the knowledge base (confidence ${p.confidence} %).`;
  }
}
