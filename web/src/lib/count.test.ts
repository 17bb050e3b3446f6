import { describe, expect, it } from 'vitest';
import { countGraphemes, countPostLength, findLinks } from './count';

describe('countGraphemes', () => {
  it('counts ASCII characters', () => {
    expect(countGraphemes('hello')).toBe(5);
    expect(countGraphemes('')).toBe(0);
  });
  it('counts each CJK character once', () => {
    expect(countGraphemes('你好世界')).toBe(4);
    expect(countGraphemes('こんにちは')).toBe(5);
    expect(countGraphemes('臺灣')).toBe(2);
  });
  it('counts an emoji ZWJ family, a flag, a skin tone and a keycap as one each', () => {
    expect(countGraphemes('👨‍👩‍👧‍👦')).toBe(1);
    expect(countGraphemes('🇯🇵')).toBe(1);
    expect(countGraphemes('👍🏽')).toBe(1);
    expect(countGraphemes('#️⃣')).toBe(1);
    expect(countGraphemes('a👨‍👩‍👧‍👦b')).toBe(3);
  });
  it('counts a letter with combining marks once', () => {
    expect(countGraphemes('e\u0301')).toBe(1); // é decomposed
    expect(countGraphemes('한국어')).toBe(3);
  });
  it('counts astral CJK (surrogate pairs) once', () => {
    expect(countGraphemes('𠮷野家')).toBe(3);
  });
  it('counts Arabic letters', () => {
    expect(countGraphemes('مرحبا')).toBe(5);
  });
});

describe('findLinks', () => {
  it('finds http and https links', () => {
    expect(findLinks('see https://example.com/a?b=c#d and http://x.org').map((l) => l.url)).toEqual([
      'https://example.com/a?b=c#d',
      'http://x.org',
    ]);
  });
  it('drops sentence punctuation at the end', () => {
    expect(findLinks('go to https://example.com/path.').map((l) => l.url)).toEqual(['https://example.com/path']);
    expect(findLinks('(https://example.com/x)').map((l) => l.url)).toEqual(['https://example.com/x']);
  });
  it('keeps balanced parentheses', () => {
    expect(findLinks('https://en.wikipedia.org/wiki/Magpie_(bird)').map((l) => l.url)).toEqual([
      'https://en.wikipedia.org/wiki/Magpie_(bird)',
    ]);
  });
  it('ends a link at Chinese text glued to it', () => {
    expect(findLinks('看这个https://t.cn你好').map((l) => l.url)).toEqual(['https://t.cn']);
    expect(findLinks('链接 https://example.com/a。谢谢').map((l) => l.url)).toEqual(['https://example.com/a']);
  });
  it('ignores a scheme glued to a word and a scheme without host', () => {
    expect(findLinks('xhttps://example.com')).toEqual([]);
    expect(findLinks('https://')).toEqual([]);
  });
});

describe('countPostLength', () => {
  it('counts a URL as 23 whatever its length', () => {
    const long = 'https://example.com/' + 'a'.repeat(200);
    expect(countPostLength(long)).toBe(23);
    expect(countPostLength('https://t.co')).toBe(23);
    expect(countPostLength(`hi ${long} !`)).toBe(3 + 23 + 2);
  });
  it('uses the instance URL length', () => {
    expect(countPostLength('https://example.com', 30)).toBe(30);
  });
  it('mixes CJK, emoji and links', () => {
    expect(countPostLength('你好👨‍👩‍👧‍👦 https://example.com/很长')).toBe(4 + 23 + 2);
  });
});
