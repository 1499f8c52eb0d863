// What every page needs before its first render (shell, sign-in, errors, validation): one chunk (index.ts).
export { common } from "./common";
export { languages } from "./languages";
export { errors } from "./errors";
export { validation } from "./validation";
export { auth } from "./auth";
export { workspace } from "./workspace";
export { roles } from "./roles";
export { shell } from "./shell";
export { nav } from "./nav";
export { live } from "./live";
export { notFound } from "./notFound";
export { languageFallback } from "./languageFallback";
