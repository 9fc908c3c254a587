// The `corsair` entry: the server policy engine.
export * from './policy/index.js';
