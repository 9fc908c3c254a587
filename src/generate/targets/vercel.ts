import type { Generator } from '../types.js';
export const generateVercel: Generator = () => ({ files: [], notes: [] });
