// The `corsair` entry: the server policy engine, and the base class of every error corsair throws.
export { CorsairError, type CorsairErrorJSON, type CorsairErrorOptions } from './errors.js';
export * from './policy/index.js';
