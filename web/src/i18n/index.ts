// Languages: i18next with ICU MessageFormat (i18next-icu + intl-messageformat). Every string
// lives in locales/<lang>.json under the same keys as en.json (i18n.test.ts enforces it);
// plurals, numbers and selects are written in ICU syntax inside the message, so a language with
// six plural forms (Arabic) needs no extra keys. English is bundled; the other languages are
// separate chunks loaded on demand.
//
// The language is the saved choice, else the first of navigator.languages that Magpie speaks,
// else English. Changing it sets <html lang> and <html dir> (Arabic is right-to-left; the CSS
// uses logical properties, so the layout mirrors).

import i18next from 'i18next';
import ICU from 'i18next-icu';
import en from './locales/en.json';

export const LANGUAGES = ['en', 'zh-Hans', 'zh-Hant', 'ja', 'es', 'ar'] as const;
export type Lang = (typeof LANGUAGES)[number];

// Endonyms: each language's name in itself, shown in the language picker in every UI language.
export const LANGUAGE_NAMES: Record<Lang, string> = {
  en: 'English',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  ja: '日本語',
  es: 'Español',
  ar: 'العربية',
};

const RTL = new Set<Lang>(['ar']);
const LANG_KEY = 'magpie.lang';

const loaders = import.meta.glob<{ default: Record<string, unknown> }>(['./locales/*.json', '!./locales/en.json']);

// Maps a BCP 47 tag from the browser to a Magpie language.
export function matchLanguage(tag: string): Lang | null {
  const t = tag.toLowerCase();
  if (t.startsWith('zh')) {
    if (/-(hant|tw|hk|mo)(\b|-)/.test(t)) return 'zh-Hant';
    return 'zh-Hans';
  }
  const base = t.split('-')[0];
  for (const l of LANGUAGES) if (l === base) return l;
  return null;
}

export function detectLanguage(browser: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  for (const tag of browser) {
    const m = matchLanguage(tag);
    if (m) return m;
  }
  return 'en';
}

export function savedLanguage(): Lang | null {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return v && (LANGUAGES as readonly string[]).includes(v) ? (v as Lang) : null;
  } catch {
    return null;
  }
}

export function isRtl(lang: Lang): boolean {
  return RTL.has(lang);
}

async function ensureLoaded(lang: Lang): Promise<void> {
  if (i18next.hasResourceBundle(lang, 'translation')) return;
  const loader = loaders[`./locales/${lang}.json`];
  if (!loader) return;
  const mod = await loader();
  i18next.addResourceBundle(lang, 'translation', mod.default, true, true);
}

function applyToDocument(lang: Lang): void {
  const html = document.documentElement;
  html.lang = lang;
  html.dir = isRtl(lang) ? 'rtl' : 'ltr';
}

export async function initI18n(): Promise<Lang> {
  const lang = savedLanguage() ?? detectLanguage();
  await i18next.use(ICU).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    load: 'currentOnly',
    returnNull: false,
    interpolation: { escapeValue: false }, // Preact escapes text; nothing here becomes HTML
  });
  await setLanguage(lang, false);
  return lang;
}

// `save` is false for the automatic pick, so a browser language change still applies later.
export async function setLanguage(lang: Lang, save = true): Promise<void> {
  await ensureLoaded(lang);
  await i18next.changeLanguage(lang);
  applyToDocument(lang);
  if (save) {
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }
}

export function clearSavedLanguage(): void {
  try {
    localStorage.removeItem(LANG_KEY);
  } catch {
    /* nothing saved */
  }
}

export function currentLanguage(): Lang {
  return (i18next.language as Lang) ?? 'en';
}

export const t = (key: string, values?: Record<string, unknown>): string => i18next.t(key, values ?? {}) as string;

export function onLanguageChanged(fn: (lang: Lang) => void): () => void {
  const handler = (l: string) => fn(l as Lang);
  i18next.on('languageChanged', handler);
  return () => i18next.off('languageChanged', handler);
}
