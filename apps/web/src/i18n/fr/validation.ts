import type { validation as en } from "../en/validation";
import type { Messages } from "../types";

export const validation: Messages<typeof en> = {
  required: "Ce champ est obligatoire.",
  email: "Saisissez une adresse e-mail valide.",
  passwordMin: "Au moins {{count}} caractères.",
};
