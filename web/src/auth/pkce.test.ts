import { describe, expect, it } from 'vitest';
import { base64url, challengeFor, createVerifier, isValidVerifier, randomToken } from './pkce';

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
  it('makes verifiers the RFC accepts, different each time', () => {
    const a = createVerifier();
    const b = createVerifier();
    expect(isValidVerifier(a)).toBe(true);
    expect(a).toHaveLength(43);
    expect(a).not.toBe(b);
  });
  it('encodes base64url without padding', () => {
    expect(base64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(base64url(new Uint8Array([]))).toBe('');
  });
  it('rejects verifiers the RFC does not', () => {
    expect(isValidVerifier('short')).toBe(false);
    expect(isValidVerifier('a'.repeat(129))).toBe(false);
    expect(isValidVerifier('a'.repeat(42) + '+')).toBe(false);
  });
  it('randomToken has the requested entropy', () => {
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
