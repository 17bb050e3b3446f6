// WCAG AA contrast (4.5:1 for text) for every text/background pair the styles use, in both
// themes. The colours are read from styles.css, so changing a variable re-runs the check.
import { describe, expect, it } from 'vitest';
import css from './styles.css?raw';

function block(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  if (start < 0) throw new Error(`no ${selector} in styles.css`);
  const open = css.indexOf('{', start);
  const body = css.slice(open + 1, css.indexOf('}', open));
  const vars: Record<string, string> = {};
  for (const m of body.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})/g)) vars[m[1]!] = m[2]!;
  return vars;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-2'],
  ['text', 'accent-soft'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['muted', 'surface-2'],
  ['accent', 'bg'],
  ['accent', 'surface'],
  ['accent-text', 'accent'],
  ['danger', 'bg'],
  ['like', 'bg'],
  ['repost', 'bg'],
  ['text', 'tint-1'],
  ['text', 'tint-2'],
  ['text', 'tint-3'],
  ['text', 'tint-4'],
  ['text', 'tint-5'],
];

describe('colour contrast', () => {
  const themes = { light: block(':root {'), dark: block(":root[data-theme='dark']") };
  for (const [name, vars] of Object.entries(themes)) {
    it(`meets AA in the ${name} theme`, () => {
      for (const [fg, bg] of PAIRS) {
        expect(vars[fg], `--${fg}`).toBeDefined();
        expect(vars[bg], `--${bg}`).toBeDefined();
        const ratio = contrast(vars[fg]!, vars[bg]!);
        expect(ratio, `${name}: --${fg} on --${bg} is ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5);
      }
    });
  }
  it('uses the same dark colours for the system preference and the explicit choice', () => {
    expect(block(":root:not([data-theme='light'])")).toEqual(block(":root[data-theme='dark']"));
  });
  it('checks the formula', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
});
