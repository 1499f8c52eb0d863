import type { planLimits as en } from "../en/planLimits";
import type { Messages } from "../types";

export const planLimits: Messages<typeof en> = {
  seriesLimitRefused: "Non publiée : les publications du mois prévues par votre offre sont épuisées. Passez à une offre supérieure, puis relancez-la.",
};
