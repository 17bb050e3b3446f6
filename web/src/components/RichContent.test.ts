import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../lib/sanitize';
import { acctFromHref, rewriteLinks, tagFromHref } from './RichContent';

describe('link rewriting', () => {
  it('points hashtags of both forms at the tag screen', () => {
    const frag = sanitizeHtml(
      '<p><a href="https://m.example/tags/cats" class="mention hashtag" rel="tag">#<span>cats</span></a> ' +
        '<a href="https://m.example/tags/%E6%98%A5%E8%8A%82%20%E5%BF%AB%E4%B9%90" class="mention hashtag" rel="tag">#<span>春节 快乐</span>#</a></p>',
    );
    rewriteLinks(frag);
    const links = Array.from(frag.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/tags/cats', '/tags/%E6%98%A5%E8%8A%82%20%E5%BF%AB%E4%B9%90']);
    expect(links.every((a) => !a.hasAttribute('target'))).toBe(true);
  });
  it('points mentions at profiles, using the status mentions first', () => {
    const frag = sanitizeHtml(
      '<p><span class="h-card"><a href="https://m.example/@bob" class="u-url mention">@<span>bob</span></a></span> ' +
        '<a href="https://other.example/@carol" class="u-url mention">@carol</a> <a href="https://news.example/x">x</a></p>',
    );
    rewriteLinks(frag, [{ id: '2', username: 'bob', acct: 'bob', url: 'https://m.example/@bob' }]);
    const hrefs = Array.from(frag.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['/@bob', '/@carol@other.example', 'https://news.example/x']);
    expect(frag.querySelectorAll('a')[2]!.getAttribute('target')).toBe('_blank');
  });
  it('parses tag and account links', () => {
    expect(tagFromHref('https://m.example/tags/x')).toBe('x');
    expect(tagFromHref('https://m.example/about')).toBeNull();
    expect(acctFromHref('https://m.example/@a@b.example')).toBe('a@b.example');
    expect(acctFromHref('https://m.example/users/a')).toBeNull();
  });
});
