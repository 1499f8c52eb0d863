export const languageFallback = {
  refused: "The server refused this request.",
};
