import type { Generator } from '../types.js';
export const generateAspnetCore: Generator = () => ({ files: [], notes: [] });
