import type { Generator } from '../types.js';
export const generateSpring: Generator = () => ({ files: [], notes: [] });
