// How a customer is named in the list, the thread and the panel: never a bare IGSID once a profile is known.
import { describe, expect, it } from "vitest";
import { customerName, customerSecondary } from "../src/components/inbox/CustomerName";

const ig = { platform: "instagram", contactPlatformId: "9523648107732290" };
const wa = { platform: "whatsapp", contactPlatformId: "447700900418", contactUsername: null };

describe("customerName / customerSecondary", () => {
  it("shows an Instagram profile's name with the @username beneath", () => {
    const c = { ...ig, contactName: "Emily Carter", contactUsername: "emilycarter.ldn" };
    expect([customerName(c), customerSecondary(c)]).toEqual(["Emily Carter", "@emilycarter.ldn"]);
  });

  it("falls back to the @username when Instagram has no name, and to the IGSID only before any profile", () => {
    expect(customerName({ ...ig, contactName: null, contactUsername: "hugo_ptt" })).toBe("@hugo_ptt");
    expect(customerSecondary({ ...ig, contactName: null, contactUsername: "hugo_ptt" })).toBeNull();
    expect(customerName({ ...ig, contactName: null, contactUsername: null })).toBe("9523648107732290");
  });

  it("names a WhatsApp customer from the webhook, with the number beneath, or by the number alone (grouped to be read)", () => {
    const number = "+44\u00a07700\u00a0900418";
    expect([customerName({ ...wa, contactName: "Emily Carter" }), customerSecondary({ ...wa, contactName: "Emily Carter" })]).toEqual(["Emily Carter", number]);
    expect(customerName({ ...wa, contactName: null })).toBe(number);
  });
});
