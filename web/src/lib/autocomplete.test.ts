import { describe, expect, it } from 'vitest';
import { activeToken, applyCompletion, hashtagText } from './autocomplete';

const at = (s: string) => activeToken(s, s.length);

describe('activeToken', () => {
  it('finds a mention being typed', () => {
    expect(at('hi @al')).toEqual({ type: 'mention', query: 'al', start: 3, end: 6 });
    expect(at('@bob')).toEqual({ type: 'mention', query: 'bob', start: 0, end: 4 });
    expect(at('你好@ali')?.query).toBe('ali');
  });
  it('keeps a remote domain in the query', () => {
    expect(at('cc @alice@exa')).toEqual({ type: 'mention', query: 'alice@exa', start: 3, end: 13 });
  });
  it('finds Twitter-style and CJK hashtags', () => {
    expect(at('love #cat')).toEqual({ type: 'hashtag', query: 'cat', start: 5, end: 9 });
    expect(at('今天#春节')?.query).toBe('春节');
  });
  it('ignores e-mail addresses, C#, a bare @ or #, and finished words', () => {
    expect(at('mail me a@b')).toBeNull();
    expect(at('C#')).toBeNull();
    expect(at('hi @')).toBeNull();
    expect(at('hi #')).toBeNull();
    expect(at('@bob ')).toBeNull();
    expect(at('#tag# ')).toBeNull();
  });
  it('uses the caret, not the end of the text', () => {
    expect(activeToken('@bob and more', 4)?.query).toBe('bob');
    expect(activeToken('@bob and more', 8)).toBeNull();
  });
});

describe('completion', () => {
  it('writes CJK and spaced tags Weibo-style', () => {
    expect(hashtagText('cats')).toBe('#cats');
    expect(hashtagText('春节')).toBe('#春节#');
    expect(hashtagText('春节 快乐')).toBe('#春节 快乐#');
  });
  it('replaces the token and adds one space', () => {
    const text = 'hi @al';
    const r = applyCompletion(text, at(text)!, '@alice');
    expect(r).toEqual({ text: 'hi @alice ', caret: 10 });
    const mid = 'hi @al there';
    const r2 = applyCompletion(mid, activeToken(mid, 6)!, '@alice');
    expect(r2.text).toBe('hi @alice there');
    expect(r2.caret).toBe(10);
  });
});
