import { describe, expect, it } from 'vitest';
import { linkParam, parseLinkHeader } from './link';

describe('parseLinkHeader', () => {
  it('reads next and prev as Mastodon sends them', () => {
    const h =
      '<https://m.example/api/v1/timelines/home?max_id=109>; rel="next", <https://m.example/api/v1/timelines/home?min_id=130>; rel="prev"';
    const links = parseLinkHeader(h);
    expect(links.next).toBe('https://m.example/api/v1/timelines/home?max_id=109');
    expect(links.prev).toBe('https://m.example/api/v1/timelines/home?min_id=130');
    expect(linkParam(links.next, 'max_id')).toBe('109');
    expect(linkParam(links.prev, 'min_id')).toBe('130');
  });
  it('handles a single link, unquoted rel, extra params and odd spacing', () => {
    expect(parseLinkHeader('</api/v1/notifications?max_id=5&limit=20>;rel=next')).toEqual({
      next: '/api/v1/notifications?max_id=5&limit=20',
    });
    expect(parseLinkHeader('<https://a/x?max_id=1>; title="t"; rel="next"')).toEqual({ next: 'https://a/x?max_id=1' });
  });
  it('keeps commas inside the URI', () => {
    expect(parseLinkHeader('<https://a/x?ids=1,2>; rel="next"').next).toBe('https://a/x?ids=1,2');
  });
  it('ignores other rels and garbage', () => {
    expect(parseLinkHeader('<https://a/x>; rel="self"')).toEqual({});
    expect(parseLinkHeader('garbage')).toEqual({});
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader('')).toEqual({});
  });
  it('linkParam is undefined for a missing link or parameter', () => {
    expect(linkParam(undefined, 'max_id')).toBeUndefined();
    expect(linkParam('https://a/x', 'max_id')).toBeUndefined();
  });
});
