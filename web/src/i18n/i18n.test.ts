// Every UI string exists in every language, with the same placeholders, parses as ICU
// MessageFormat, and covers the plural forms the language uses.
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, detectLanguage, matchLanguage } from './index';

const files = import.meta.glob<Record<string, unknown>>('./locales/*.json', { eager: true, import: 'default' });
const locales: Record<string, Record<string, unknown>> = {};
for (const [path, data] of Object.entries(files)) locales[/([^/]+)\.json$/.exec(path)![1]!] = data;

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv);
    } else out.set(key, v);
  }
  return out;
}

// intl-messageformat's AST: 0 literal, 1 argument, 2 number, 3 date, 4 time, 5 select,
// 6 plural, 7 pound, 8 tag.
interface El {
  type: number;
  value?: string;
  options?: Record<string, { value: El[] }>;
  children?: El[];
}

function argumentsOf(ast: El[], into = new Set<string>()): Set<string> {
  for (const el of ast) {
    if (el.type !== 0 && el.type !== 7 && el.value !== undefined) into.add(el.value);
    for (const opt of Object.values(el.options ?? {})) argumentsOf(opt.value, into);
    if (el.children) argumentsOf(el.children, into);
  }
  return into;
}

function plurals(ast: El[], into: El[] = []): El[] {
  for (const el of ast) {
    if (el.type === 6) into.push(el);
    for (const opt of Object.values(el.options ?? {})) plurals(opt.value, into);
  }
  return into;
}

const en = flatten(locales.en!);

describe('locales', () => {
  it('has one file per supported language and nothing else', () => {
    expect(Object.keys(locales).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const messages = flatten(locales[lang]!);

      it('has every key of en.json and no other', () => {
        const missing = [...en.keys()].filter((k) => !messages.has(k));
        const extra = [...messages.keys()].filter((k) => !en.has(k));
        expect(missing, `${lang} lacks keys`).toEqual([]);
        expect(extra, `${lang} has keys en.json lacks`).toEqual([]);
      });

      it('has only non-empty strings', () => {
        for (const [k, v] of messages) {
          expect(typeof v, `${lang}:${k}`).toBe('string');
          expect((v as string).trim().length, `${lang}:${k}`).toBeGreaterThan(0);
        }
      });

      it('parses as ICU MessageFormat with the placeholders of en.json', () => {
        for (const [k, v] of messages) {
          const mf = new IntlMessageFormat(v as string, lang);
          const enArgs = argumentsOf(new IntlMessageFormat(en.get(k) as string, 'en').getAst() as El[]);
          expect([...argumentsOf(mf.getAst() as El[])].sort(), `${lang}:${k}`).toEqual([...enArgs].sort());
          const values = Object.fromEntries([...enArgs].map((a) => [a, a === 'count' ? 3 : 'X']));
          expect(() => mf.format(values), `${lang}:${k}`).not.toThrow();
        }
      });

      it('covers every plural form the language uses for 0..200', () => {
        const rules = new Intl.PluralRules(lang);
        for (const [k, v] of messages) {
          for (const p of plurals(new IntlMessageFormat(v as string, lang).getAst() as El[])) {
            for (let n = 0; n <= 200; n++) {
              const ok = p.options![`=${n}`] !== undefined || p.options![rules.select(n)] !== undefined;
              expect(ok, `${lang}:${k} lacks "${rules.select(n)}" (n=${n})`).toBe(true);
            }
          }
        }
      });
    });
  }

  it('formats Arabic plurals with their own forms', () => {
    const ar = flatten(locales.ar!);
    const fmt = (n: number) => new IntlMessageFormat(ar.get('profile.postsCount') as string, 'ar').format({ count: n }) as string;
    expect(fmt(1)).toBe('منشور واحد');
    expect(fmt(2)).toBe('منشوران');
    expect(fmt(5)).toContain('منشورات');
    expect(fmt(11)).toContain('منشورًا');
  });
});

describe('language detection', () => {
  it('maps browser tags to the six languages', () => {
    expect(matchLanguage('zh-CN')).toBe('zh-Hans');
    expect(matchLanguage('zh')).toBe('zh-Hans');
    expect(matchLanguage('zh-Hans-SG')).toBe('zh-Hans');
    expect(matchLanguage('zh-TW')).toBe('zh-Hant');
    expect(matchLanguage('zh-HK')).toBe('zh-Hant');
    expect(matchLanguage('zh-Hant')).toBe('zh-Hant');
    expect(matchLanguage('ja-JP')).toBe('ja');
    expect(matchLanguage('es-419')).toBe('es');
    expect(matchLanguage('ar-EG')).toBe('ar');
    expect(matchLanguage('en-GB')).toBe('en');
    expect(matchLanguage('fr-FR')).toBeNull();
  });
  it('takes the first language Magpie speaks, else English', () => {
    expect(detectLanguage(['fr-FR', 'ja', 'en'])).toBe('ja');
    expect(detectLanguage(['fr', 'de'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
});
