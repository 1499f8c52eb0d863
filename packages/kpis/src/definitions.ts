// Every KPI's definition, written once: the README quotes them, the SPA shows them as tooltips (apps/web reads this
// list through the API's `analytics.summary`, so a definition never drifts between docs and screen).
export const KPI_METRICS = [
  "messages_count",
  "comments_count",
  "frt_p50_seconds",
  "frt_human_p50_seconds",
  "unanswered_turns",
  "auto_reply_rate",
  "escalate_count",
  "ignored_count",
  "posts_published",
  "posts_active",
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

export const KPI_DEFINITIONS: Record<KpiMetric, { en: string; fr: string }> = {
  messages_count: {
    en: "Messages customers sent (WhatsApp and Instagram direct messages), counted in the window they were sent.",
    fr: "Messages envoyés par les clients (WhatsApp et messages privés Instagram), comptés dans la fenêtre de leur envoi.",
  },
  comments_count: {
    en: "Comments customers wrote on your posts (your own replies excluded), counted in the window they were written.",
    fr: "Commentaires écrits par les clients sur vos publications (vos propres réponses exclues), comptés dans la fenêtre de leur écriture.",
  },
  frt_p50_seconds: {
    en: "Median first response time. A turn starts with the first customer message after our last answer; its response time runs until our next answer, by the AI or by a person, in Sillage or from the Instagram app. Counted in the window where the turn began.",
    fr: "Temps de première réponse médian. Un tour commence au premier message du client après notre dernière réponse ; son temps de réponse court jusqu’à notre réponse suivante, de l’IA ou d’une personne, dans Sillage ou depuis l’application Instagram. Compté dans la fenêtre où le tour a commencé.",
  },
  frt_human_p50_seconds: {
    en: "Median time until a person answered a turn, in Sillage or from the Instagram app (answers by the AI are not counted), for turns a person answered before the customer wrote again.",
    fr: "Temps médian avant la réponse d’une personne à un tour, dans Sillage ou depuis l’application Instagram (les réponses de l’IA ne comptent pas), pour les tours auxquels une personne a répondu avant que le client réécrive.",
  },
  unanswered_turns: {
    en: "Turns that began in the window and have no answer yet.",
    fr: "Tours commencés dans la fenêtre et encore sans réponse.",
  },
  auto_reply_rate: {
    en: "Automatic replies sent divided by the AI's decisions (messages and comments) made in the window.",
    fr: "Réponses automatiques envoyées divisées par les décisions de l’IA (messages et commentaires) prises dans la fenêtre.",
  },
  escalate_count: {
    en: "Decisions that handed a conversation or comment to a person.",
    fr: "Décisions qui ont confié une conversation ou un commentaire à une personne.",
  },
  ignored_count: {
    en: "Decisions that left a message or comment without an answer on purpose (spam, thanks, emojis…).",
    fr: "Décisions qui ont volontairement laissé un message ou un commentaire sans réponse (spam, remerciements, émojis…).",
  },
  posts_published: {
    en: "Posts published on a channel, in the window they went live.",
    fr: "Publications mises en ligne sur un canal, dans la fenêtre de leur mise en ligne.",
  },
  posts_active: {
    en: "Posts that received at least one customer comment in the window.",
    fr: "Publications qui ont reçu au moins un commentaire client dans la fenêtre.",
  },
};
