// One module per table: a SPA chunk that imports one table does not carry the others.
export { failureReasons } from "./en/failures";
export { publicationReasons } from "./en/publication";
