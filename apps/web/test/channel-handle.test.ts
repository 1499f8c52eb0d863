import { describe, expect, it } from "vitest";
import { channelHandle, collidingHandles } from "../src/components/channels/channel-handle";

// walk5: two Instagram accounts both "Sillage Test" could not be told apart where a channel is chosen.
describe("a channel's disambiguator where names collide", () => {
  const channels = [
    { id: "a", platform: "instagram", displayName: "Sillage Test", username: "sillage.paris" },
    { id: "b", platform: "instagram", displayName: "Sillage test ", username: "sillage.lyon" },
    { id: "c", platform: "whatsapp", displayName: "Boutique", username: "33612345678" },
    { id: "d", platform: "whatsapp", displayName: "Boutique", username: "33698765432" },
    { id: "e", platform: "instagram", displayName: "Atelier", username: "atelier" },
  ];
  const handleOf = collidingHandles(channels, (c) => c.displayName);

  it("gives the @username or the readable number to each account sharing its name", () => {
    expect(channels.map(handleOf)).toEqual(["@sillage.paris", "@sillage.lyon", "+33\u00a06\u00a012\u00a034\u00a056\u00a078", "+33\u00a06\u00a098\u00a076\u00a054\u00a032", null]);
  });

  it("is the same handle the channel list shows", () => {
    expect(channelHandle({ platform: "instagram", username: "atelier" })).toBe("@atelier");
    expect(channelHandle({ platform: "instagram", username: null })).toBeNull();
  });
});
