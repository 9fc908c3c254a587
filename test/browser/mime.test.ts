import { describe, expect, it } from 'vitest';
import { parseMimeType } from '../../src/browser/mime.js';

// Cases after web-platform-tests mimesniff/mime-types (facts, restated as a table).
function serialize(s: string): string | null {
  const m = parseMimeType(s);
  if (!m) return null;
  let out = m.essence;
  for (const [k, v] of m.parameters) {
    out += `;${k}=${/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(v) ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`}`;
  }
  return out;
}

describe('parseMimeType (MIME Sniffing §4.4)', () => {
  it.each<[string, string | null]>([
    ['text/html;charset=gbk', 'text/html;charset=gbk'],
    ['TEXT/HTML;CHARSET=GBK', 'text/html;charset=GBK'],
    ['text/html;charset=gbk(', 'text/html;charset="gbk("'],
    ['text/html;x=(;charset=gbk', 'text/html;x="(";charset=gbk'],
    ['text/html;charset=gbk;charset=windows-1255', 'text/html;charset=gbk'],
    ['text/html;charset=();charset=GBK', 'text/html;charset="()"'],
    ['text/html;charset =gbk', 'text/html'],
    ['text/html ;charset=gbk', 'text/html;charset=gbk'],
    ['text/html; charset=gbk', 'text/html;charset=gbk'],
    ['text/html;charset= gbk', 'text/html;charset=" gbk"'],
    ['text/html;charset="gbk"', 'text/html;charset=gbk'],
    ['text/html;charset="gbk', 'text/html;charset=gbk'],
    ['text/html;charset=gbk"', 'text/html;charset="gbk\\""'],
    ['text/html;charset="\\ gbk"', 'text/html;charset=" gbk"'],
    ['text/html;charset="\\g\\b\\k"', 'text/html;charset=gbk'],
    ['text/html;charset="gbk"x', 'text/html;charset=gbk'],
    ['text/html;charset="";charset=GBK', 'text/html;charset=""'],
    ['text/html;charset=;charset=GBK', 'text/html;charset=GBK'],
    ['text/html;charset="\\', 'text/html;charset="\\\\"'],
    ['text/html;charset', 'text/html'],
    ['text/html;charset=', 'text/html'],
    ['text/html;;;;charset=gbk', 'text/html;charset=gbk'],
    ['text/html;charset=gbk;', 'text/html;charset=gbk'],
    ['x/x;test', 'x/x'],
    ['x/x;x="\t !"', 'x/x;x="\t !"'],
    ['x/x;x=ÿ', 'x/x;x="ÿ"'],
    ['x/x;x=Ā', 'x/x'],
    ['x/x;Ā=x', 'x/x'],
    ['\r\n\t text/plain \r\n\t', 'text/plain'],
    ['text/plain\t;a=b', 'text/plain;a=b'],
    ['/html', null],
    ['text/', null],
    ['text', null],
    ['', null],
    ['te xt/html', null],
    ['text/ht ml', null],
    ['text /html', null],
    ['\u000bx/x', null],
    ['\u000cx/x', null],
    ['x/x\u000b', null],
    ['*/*', '*/*'],
    ['text/plain\u0000', null],
  ])('%j → %j', (input, expected) => {
    expect(serialize(input)).toBe(expected);
  });

  it('exposes type, subtype and essence lowercased', () => {
    expect(parseMimeType('Multipart/Form-Data; boundary=X')).toMatchObject({
      type: 'multipart',
      subtype: 'form-data',
      essence: 'multipart/form-data',
    });
    expect(parseMimeType('Multipart/Form-Data; boundary=X')?.parameters.get('boundary')).toBe('X');
  });
});

describe('parseMimeType: input as JavaScript callers give it', () => {
  it('returns null for a value that is not a string', () => {
    expect(parseMimeType(5 as never)).toBeNull();
    expect(parseMimeType(undefined as never)).toBeNull();
  });

  it('keeps reading parameters after a quoted value', () => {
    const m = parseMimeType('text/plain;a="x;y";b=z');
    expect(m?.parameters.get('a')).toBe('x;y');
    expect(m?.parameters.get('b')).toBe('z');
  });
});
