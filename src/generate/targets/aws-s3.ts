import type { Generator } from '../types.js';
export const generateAwsS3: Generator = () => ({ files: [], notes: [] });
