import type { Generator } from '../types.js';
export const generateTraefik: Generator = () => ({ files: [], notes: [] });
