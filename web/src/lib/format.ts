// Dates and numbers in the reader's language (Intl). Formatters are cached per language because
// constructing one costs far more than using it, and a timeline formats dozens of times.

import { useEffect, useState } from 'preact/hooks';

const cache = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(n: number, lang: string): string {
  return cached(`n|${lang}`, () => new Intl.NumberFormat(lang)).format(n);
}

export function formatDateTime(date: Date, lang: string): string {
  return cached(`dt|${lang}`, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' })).format(date);
}

export function formatDate(date: Date, lang: string): string {
  return cached(`d|${lang}`, () => new Intl.DateTimeFormat(lang, { dateStyle: 'long' })).format(date);
}

// "5 min ago" style for the last week, then a short date. `now` is injected for tests.
export function formatRelative(date: Date, lang: string, now = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = cached(`r|${lang}`, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' }));
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  const sameYear = new Date(now).getFullYear() === date.getFullYear();
  return cached(`s|${lang}|${sameYear}`, () =>
    new Intl.DateTimeFormat(lang, sameYear ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' }),
  ).format(date);
}

// One shared clock for every relative time on the page: a single timer, not one per post.
const tickListeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

export function useMinuteTick(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    tickListeners.add(l);
    if (!timer) timer = setInterval(() => tickListeners.forEach((f) => f()), 30_000);
    return () => {
      tickListeners.delete(l);
      if (tickListeners.size === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, []);
  return tick;
}
