export type { TransportErrorCode } from './errors.js';
export { TransportError, toTransportError } from './errors.js';
export type { HttpTransport, HttpTransportOptions } from './transport.js';
export { createHttpTransport, parseTargetUrl, sendHttp } from './transport.js';
