import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, apiPage, buildQuery, setAccessToken } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
  setAccessToken(null);
});

describe('buildQuery', () => {
  it('skips empty values and writes arrays Rails-style', () => {
    expect(buildQuery({ a: 1, b: undefined, c: '', d: null, id: ['1', '2'], q: '春 节' })).toBe('?a=1&id%5B%5D=1&id%5B%5D=2&q=%E6%98%A5+%E8%8A%82');
    expect(buildQuery({})).toBe('');
  });
});

describe('api', () => {
  it('sends the token in the Authorization header, never in the URL', async () => {
    const fetch = vi.fn(async () => new Response('{"id":"1"}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    setAccessToken('secret-token');
    await api('/api/v1/accounts/verify_credentials', { params: { a: 1 } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).not.toContain('secret-token');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer secret-token');
  });
  it('turns a Mastodon error body into ApiError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"error":"Record not found"}', { status: 404 })));
    await expect(api('/api/v1/statuses/9')).rejects.toMatchObject({ status: 404, message: 'Record not found' });
  });
  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const e = (await api('/x').catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(0);
  });
  it('reads the Link header of a page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('[]', { status: 200, headers: { Link: '<http://h/api/v1/timelines/home?max_id=3>; rel="next"' } })),
    );
    const page = await apiPage('/api/v1/timelines/home');
    expect(page.links.next).toBe('http://h/api/v1/timelines/home?max_id=3');
  });
});
