export type { HeaderLine, HeaderList, HttpExchange, HttpRequest, HttpResponse } from '../exchange.js';
export { getAll, getCombined, hasHeader } from '../exchange.js';
export type { BrowserProfile } from './profile.js';
export { chromium, firefox, getProfile, profiles, spec } from './profile.js';
export type * from './types.js';
