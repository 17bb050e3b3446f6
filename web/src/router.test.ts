import { describe, expect, it } from 'vitest';
import { isAppPath, parseRoute, paths } from './router';

describe('parseRoute', () => {
  it('maps app paths to screens', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/public/')).toEqual({ name: 'public' });
    expect(parseRoute('/search', '?q=%E4%BD%A0')).toEqual({ name: 'search', q: '你' });
    expect(parseRoute('/tags/%E6%98%A5%E8%8A%82%20%E5%BF%AB%E4%B9%90')).toEqual({ name: 'tag', tag: '春节 快乐' });
    expect(parseRoute('/statuses/123')).toEqual({ name: 'status', id: '123' });
    expect(parseRoute('/@alice')).toEqual({ name: 'profile', acct: 'alice', tab: 'posts' });
    expect(parseRoute('/@alice@example.com/followers')).toEqual({ name: 'profile', acct: 'alice@example.com', tab: 'followers' });
    expect(parseRoute('/@alice/109')).toEqual({ name: 'status', id: '109' });
    expect(parseRoute('/callback')).toEqual({ name: 'callback' });
    expect(parseRoute('/bookmarks')).toEqual({ name: 'bookmarks' });
    expect(parseRoute('/favourites/')).toEqual({ name: 'favourites' });
  });
  it('does not claim server paths', () => {
    expect(isAppPath('/api/v1/statuses')).toBe(false);
    expect(isAppPath('/oauth/authorize')).toBe(false);
    expect(isAppPath('/@')).toBe(false);
    expect(isAppPath('/tags/')).toBe(false);
  });
  it('builds paths that parse back', () => {
    for (const tag of ['cats', '春节 快乐', 'a/b?c#d']) {
      expect(parseRoute(paths.tag(tag))).toEqual({ name: 'tag', tag });
    }
    expect(parseRoute(paths.profile('bob@example.com', 'following'))).toEqual({ name: 'profile', acct: 'bob@example.com', tab: 'following' });
    expect(paths.profile('bob@example.com')).toBe('/@bob@example.com');
  });
});
