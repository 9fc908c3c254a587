import type { Generator } from '../types.js';
export const generateAwsApiGateway: Generator = () => ({ files: [], notes: [] });
