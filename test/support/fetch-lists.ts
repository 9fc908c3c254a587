// The Fetch Standard's forbidden request-header names (§2.2.2), written out from the spec rather than read
// back from src/, in the case a page would write them: a name dropped from or added to the list is a
// security change, so the vocabulary's tests and the browser profiles' tests pin the same list.
export const SPEC_FORBIDDEN_REQUEST_HEADERS = [
  'Accept-Charset',
  'Accept-Encoding',
  'Access-Control-Request-Headers',
  'Access-Control-Request-Method',
  'Connection',
  'Content-Length',
  'Cookie',
  'Cookie2',
  'Date',
  'DNT',
  'Expect',
  'Host',
  'Keep-Alive',
  'Origin',
  'Referer',
  'Set-Cookie',
  'TE',
  'Trailer',
  'Transfer-Encoding',
  'Upgrade',
  'Via',
];
