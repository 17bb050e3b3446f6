import { describe, expect, it } from 'vitest';
import { formatNumber, formatRelative } from './format';

const now = Date.parse('2026-11-20T12:00:00Z');

describe('formatRelative', () => {
  it('says now, minutes, hours and days in the reader language', () => {
    expect(formatRelative(new Date(now - 5_000), 'en', now)).toBe('now');
    expect(formatRelative(new Date(now - 5 * 60_000), 'en', now)).toBe('5 min. ago');
    expect(formatRelative(new Date(now - 3 * 3600_000), 'en', now)).toBe('3 hr. ago');
    expect(formatRelative(new Date(now - 3 * 60_000), 'zh-Hans', now)).toContain('3');
    expect(formatRelative(new Date(now - 2 * 86400_000), 'ja', now)).toBe('一昨日');
  });
  it('falls back to a date after a week', () => {
    expect(formatRelative(new Date('2026-10-01T12:00:00Z'), 'en', now)).toBe('Oct 1');
    expect(formatRelative(new Date('2024-10-01T12:00:00Z'), 'en', now)).toBe('Oct 1, 2024');
  });
});

describe('formatNumber', () => {
  it('groups digits per language', () => {
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(12345, 'es')).toMatch(/^12.345$/);
  });
});
