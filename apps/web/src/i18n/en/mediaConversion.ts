// language-speed: a toggle's accessible name says what it switches and its state.
// language-speed (issue 16): what replaces a server sentence this build has no code for, outside English.
// language-speed (issue 16): what the composer says of images Instagram refuses (converted at upload, HEIC too).
export const mediaConversion = {
  hint: "JPEG, PNG, WebP, GIF or HEIC (iPhone) images, converted to JPEG for Instagram; MP4 or MOV videos; up to 10 files.",
};
