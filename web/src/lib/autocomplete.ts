// Which word the caret is in, for mention (@alice, @alice@example.com) and hashtag (#tag, #话题)
// suggestions, and what to insert when one is picked. Pure functions, tested in
// autocomplete.test.ts.

export interface ActiveToken {
  type: 'mention' | 'hashtag';
  query: string; // without the leading @ or #
  start: number; // offset of the @ or #
  end: number; // the caret
}

// A word character that glues to a following @ or # (an e-mail address, "C#"): ASCII letters,
// digits and '_'. CJK text before a mention is fine ("你好@alice"), as on the server.
const GLUE = /[A-Za-z0-9_]/;

export function activeToken(text: string, caret: number): ActiveToken | null {
  let i = caret - 1;
  while (i >= 0) {
    const c = text[i]!;
    if (c === '@' || c === '#') break;
    if (/\s/.test(c)) return null;
    i--;
  }
  if (i < 0) return null;
  let c = text[i]!;
  // "@alice@exa" — the second @ belongs to a domain: step back to the first one.
  if (c === '@' && i > 0) {
    let j = i - 1;
    while (j >= 0 && /[A-Za-z0-9_]/.test(text[j]!)) j--;
    if (j >= 0 && text[j] === '@' && j < i - 1) {
      i = j;
      c = '@';
    }
  }
  if (i > 0 && GLUE.test(text[i - 1]!)) return null;
  const query = text.slice(i + 1, caret);
  if (query.length === 0) return null;
  if (c === '@') {
    if (!/^[A-Za-z0-9_]+(@[A-Za-z0-9.-]*)?$/.test(query)) return null;
    return { type: 'mention', query, start: i, end: caret };
  }
  if (/[#@]/.test(query) || !/^[\p{L}\p{M}\p{Nd}_·・]+$/u.test(query)) return null;
  return { type: 'hashtag', query, start: i, end: caret };
}

// Tags with spaces or CJK letters are written Weibo-style, #话题#, so the closing # ends them.
export function hashtagText(name: string): string {
  return /[\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(name) ? `#${name}#` : `#${name}`;
}

export function applyCompletion(text: string, token: ActiveToken, replacement: string): { text: string; caret: number } {
  const after = text.slice(token.end);
  const insert = after.startsWith(' ') ? replacement : `${replacement} `;
  const out = text.slice(0, token.start) + insert + after;
  return { text: out, caret: token.start + insert.length + (after.startsWith(' ') ? 1 : 0) };
}
