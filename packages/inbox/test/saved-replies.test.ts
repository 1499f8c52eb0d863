import { describe, expect, it } from "vitest";
import { fillSavedReply, unknownSavedReplyVariables } from "../src/saved-replies";

const known = { firstName: "Camille", name: "Camille Martin", agent: "Léa", shop: "Maison Sillage" };
const nameless = { ...known, firstName: null, name: null };

describe("fillSavedReply", () => {
  it("fills French and English names alike", () => {
    expect(fillSavedReply("Bonjour {{prenom}} ({{nom}}), {{agent}} de {{boutique}}", known)).toBe("Bonjour Camille (Camille Martin), Léa de Maison Sillage");
    expect(fillSavedReply("Hi {{ first_name }}! {{agent}} at {{Shop}}", known)).toBe("Hi Camille! Léa at Maison Sillage");
  });

  it.each([
    ["Bonjour {{prenom}}, votre colis est parti.", "Bonjour, votre colis est parti."],
    ["Bonjour {{prenom}} {{nom}}, merci !", "Bonjour, merci !"],
    ["Merci {{prenom}} pour votre commande", "Merci pour votre commande"],
    ["Hi {{first_name}}!", "Hi!"],
    ["{{prenom}}, votre colis est parti.\n{{nom}} merci", "votre colis est parti.\nmerci"],
  ])("leaves an unknown value out cleanly: %j", (body, expected) => {
    expect(fillSavedReply(body, nameless)).toBe(expected);
  });

  it("keeps names it does not know as written, and lists them", () => {
    expect(fillSavedReply("Code {{promo}}", known)).toBe("Code {{promo}}");
    expect(unknownSavedReplyVariables("{{promo}} {{prenom}} {{PRENOM}} {{promo}}")).toEqual(["promo"]);
  });
});
