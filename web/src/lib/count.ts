// Post length as the server counts it (src/text/text.h, CountPostLength): grapheme clusters, so
// an emoji family or a flag is 1 and each Chinese character is 1, with every http(s) link counted
// as a fixed number of characters (23 by default, or the instance's
// configuration.statuses.characters_reserved_per_url). The server is the authority; this is the
// live hint shown under the compose box, so it follows the server's link rules closely enough
// that the two agree on ordinary text.

const segmenterCache = new Map<string, Intl.Segmenter>();

function segmenter(): Intl.Segmenter {
  const key = 'grapheme';
  let s = segmenterCache.get(key);
  if (!s) {
    s = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    segmenterCache.set(key, s);
  }
  return s;
}

export function countGraphemes(text: string): number {
  if (text === '') return 0;
  let n = 0;
  // Intl.Segmenter yields one segment per extended grapheme cluster (UAX #29), as ICU does.
  for (const _ of segmenter().segment(text)) n++;
  return n;
}

// East Asian wide letters and punctuation end a link: Chinese and Japanese posts put text right
// after a link without a space ("https://t.cn你好" is the link "https://t.cn").
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const HOST_CHAR = /[\p{L}\p{M}\p{Nd}\-_.]/u;
const PATH_CHAR = /[!#$%&'()*+,\-./0-9:;=?@A-Z\[\]_a-z|~\p{L}\p{M}\p{Nd}]/u;
const TRAILING = new Set(['.', ',', '!', '?', ':', ';', "'", '"']);

export interface LinkSpan {
  begin: number; // UTF-16 offsets into the text, [begin, end)
  end: number;
  url: string;
}

// Finds http(s) links with the server's rules: a scheme not glued to a preceding word, a host
// that starts with a letter or digit, an optional port and path; sentence punctuation at the end
// is dropped, and so are unbalanced closing brackets.
export function findLinks(text: string): LinkSpan[] {
  const out: LinkSpan[] = [];
  const scheme = /https?:\/\//giu;
  let m: RegExpExecArray | null;
  while ((m = scheme.exec(text)) !== null) {
    const start = m.index;
    if (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) continue;
    const chars = Array.from(text.slice(start + m[0].length));
    let i = 0;
    let pos = start + m[0].length;
    const first = chars[0];
    if (!first || !/[\p{L}\p{Nd}]/u.test(first)) continue;
    let afterAscii = false;
    while (i < chars.length) {
      const c = chars[i]!;
      if (c === '.') afterAscii = false;
      else if (/[A-Za-z0-9\-_]/.test(c)) afterAscii = true;
      else if (HOST_CHAR.test(c)) {
        if (WIDE.test(c) && (afterAscii || /[\uff00-\uffef]/.test(c))) break;
        afterAscii = false;
      } else break;
      pos += c.length;
      i++;
    }
    if (chars[i] === ':' && /[0-9]/.test(chars[i + 1] ?? '')) {
      pos++;
      i++;
      while (/[0-9]/.test(chars[i] ?? '')) {
        pos++;
        i++;
      }
    }
    if (chars[i] === '/' || chars[i] === '?' || chars[i] === '#') {
      while (i < chars.length) {
        const c = chars[i]!;
        if (!PATH_CHAR.test(c) || WIDE.test(c)) break;
        pos += c.length;
        i++;
      }
    }
    const hostBegin = start + m[0].length;
    const body = text.slice(hostBegin, pos);
    let openParen = 0;
    let closeParen = 0;
    let openBracket = 0;
    let closeBracket = 0;
    for (const c of body) {
      if (c === '(') openParen++;
      else if (c === ')') closeParen++;
      else if (c === '[') openBracket++;
      else if (c === ']') closeBracket++;
    }
    while (pos > hostBegin + 1) {
      const last = text[pos - 1]!;
      if (TRAILING.has(last)) pos--;
      else if (last === ')' && closeParen > openParen) {
        closeParen--;
        pos--;
      } else if (last === ']' && closeBracket > openBracket) {
        closeBracket--;
        pos--;
      } else break;
    }
    out.push({ begin: start, end: pos, url: text.slice(start, pos) });
    scheme.lastIndex = pos;
  }
  return out;
}

export function countPostLength(text: string, urlLength = 23): number {
  const links = findLinks(text);
  let n = 0;
  let cursor = 0;
  for (const link of links) {
    n += countGraphemes(text.slice(cursor, link.begin)) + urlLength;
    cursor = link.end;
  }
  return n + countGraphemes(text.slice(cursor));
}
