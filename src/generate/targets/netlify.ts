import type { Generator } from '../types.js';
export const generateNetlify: Generator = () => ({ files: [], notes: [] });
