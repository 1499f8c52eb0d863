import type { mediaConversion as en } from "../en/mediaConversion";
import type { Messages } from "../types";

// language-speed: a toggle's accessible name says what it switches and its state.
// language-speed (issue 16): what replaces a server sentence this build has no code for, outside English.
// language-speed (issue 16): what the composer says of images Instagram refuses (converted at upload, HEIC too).
export const mediaConversion: Messages<typeof en> = {
  hint: "Images JPEG, PNG, WebP, GIF ou HEIC (iPhone), converties en JPEG pour Instagram ; vidéos MP4 ou MOV ; jusqu’à 10 fichiers.",
};
