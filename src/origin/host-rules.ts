// Hosts the URL parser accepts but no browser can ever send as an origin: a page is never served from
// them (DNS refuses the name, the socket refuses the port) or the same host is written another way.
// The strict parser runs these after the URL parser's canonical form matched the input.
import { type OriginDiagnosis, quote } from './diagnosis.js';

/** RFC 1035 §2.3.4 (and every resolver): a name of at most 253 characters, labels of at most 63. */
export const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

function bad(message: string, fix: string): OriginDiagnosis {
  return { code: 'ORIGIN_INVALID_HOST', message, fix };
}

/** A DNS name (not an IP literal) that no resolver answers: odd characters, empty labels, too long. */
function nameProblem(input: string, host: string): OriginDiagnosis | undefined {
  // One trailing dot is the fully qualified spelling of the same name (`localhost.`); more are empty.
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  // The URL parser lets `$ ' " \` { } ( ) !` and more through; a DNS name holds letters, digits, '-'
  // and '_' (international names are already punycode here).
  const odd = /[^a-z0-9._-]/.exec(name);
  if (odd !== null) {
    return bad(
      `${quote(input)} has the character '${odd[0]}' in its host; DNS names hold letters, digits, '-' and '_', so no browser can load a page from it.`,
      'check the host for typos',
    );
  }
  const labels = name.split('.');
  if (labels.includes('')) {
    const fixed = labels.filter((l) => l !== '').join('.');
    return bad(
      `${quote(input)} has an empty label in its host ('${host}'); no DNS name has one, so no browser can load a page from it.`,
      fixed === '' ? 'write the host name' : `use the host '${fixed}'`,
    );
  }
  if (name.length > MAX_HOST_LENGTH) {
    return bad(
      `${quote(input)} has a host of ${name.length} characters; DNS names have at most ${MAX_HOST_LENGTH}, so no browser can load a page from it.`,
      'check the host for a pasted or repeated part',
    );
  }
  const long = labels.find((l) => l.length > MAX_LABEL_LENGTH);
  if (long !== undefined) {
    return bad(
      `${quote(input)} has the label '${long.slice(0, 20)}…' of ${long.length} characters; DNS labels have at most ${MAX_LABEL_LENGTH}.`,
      'check the host for a pasted or repeated part',
    );
  }
  return undefined;
}

/**
 * Why a canonical host (as the URL parser serialized it) can never be an origin's host, or
 * `undefined`. IPv4-mapped IPv6 addresses (`[::ffff:7f00:1]`) are the IPv4 host in disguise: a policy
 * lists the IPv4 origin, which is what a browser sends.
 *
 * @example
 * browsableHostProblem('https://example..com', 'example..com')?.code; // 'ORIGIN_INVALID_HOST'
 * browsableHostProblem('https://example.com', 'example.com');         // undefined
 */
export function browsableHostProblem(input: string, host: string): OriginDiagnosis | undefined {
  if (host.startsWith('[')) {
    const mapped = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host);
    if (mapped === null) return undefined;
    const hi = Number.parseInt(mapped[1]!, 16);
    const lo = Number.parseInt(mapped[2]!, 16);
    const v4 = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    return bad(
      `${quote(input)} has an IPv4-mapped IPv6 address; browsers send the IPv4 address itself, so this would never match.`,
      `use the IPv4 host '${v4}'`,
    );
  }
  return nameProblem(input, host);
}

/**
 * Why a port can never be an origin's port, or `undefined`: port 0 is refused by every socket, so no
 * page is ever served from it.
 *
 * @example
 * browsablePortProblem("'https://a.com:0'", 0)?.code; // 'ORIGIN_INVALID_PORT'
 */
export function browsablePortProblem(quoted: string, port: number): OriginDiagnosis | undefined {
  if (port !== 0) return undefined;
  return {
    code: 'ORIGIN_INVALID_PORT',
    message: `${quoted} has port 0, which no server listens on and no browser connects to.`,
    fix: 'use the port your page is served from (1 to 65535), or leave it out for the default',
  };
}
