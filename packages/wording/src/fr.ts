// One module per table: a SPA chunk that imports one table does not carry the others.
export { failureReasons } from "./fr/failures";
export { publicationReasons } from "./fr/publication";
