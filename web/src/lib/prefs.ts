// Reader preferences kept in this browser: theme and Chinese script. (Language is in i18n/.)

export type ThemePref = 'system' | 'light' | 'dark';
export type ScriptPref = 'original' | 'zh-Hans' | 'zh-Hant';

const THEME_KEY = 'magpie.theme';
const SCRIPT_KEY = 'magpie.script';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: lasts for this page */
  }
}

export function themePref(): ThemePref {
  const v = read(THEME_KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

export function effectiveTheme(pref: ThemePref = themePref()): 'light' | 'dark' {
  if (pref === 'system') return systemPrefersDark() ? 'dark' : 'light';
  return pref;
}

// data-theme on <html> is set only for an explicit choice; otherwise the CSS follows
// prefers-color-scheme by itself.
export function applyTheme(pref: ThemePref): void {
  const html = document.documentElement;
  if (pref === 'system') html.removeAttribute('data-theme');
  else html.setAttribute('data-theme', pref);
}

export function setThemePref(pref: ThemePref): void {
  write(THEME_KEY, pref);
  applyTheme(pref);
}

// Script preference for Chinese posts. Stored now; used when the server offers conversion
// (DESIGN.md §5, OpenCC), by asking for the post in the preferred script.
export function scriptPref(): ScriptPref {
  const v = read(SCRIPT_KEY);
  return v === 'zh-Hans' || v === 'zh-Hant' ? v : 'original';
}

export function setScriptPref(pref: ScriptPref): void {
  write(SCRIPT_KEY, pref);
}
