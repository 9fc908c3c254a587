// `corsair-cors/ui`: start the local web page (`corsair ui`) from code, e.g. around an end-to-end test.
// Only the server's handle is public; the page's HTTP API, presets and demo configuration are internal
// and change with the page.
export { UiError } from './errors.js';
export type { UiOptions, UiServer } from './server.js';
export { startUi } from './server.js';
