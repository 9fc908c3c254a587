// Kept so existing imports of '../policy/vary.js' (adapters, proxy) keep working while they are being
// rewritten; the rule itself lives in src/fetch/vary.ts.
export { mergeVary } from '../fetch/vary.js';
