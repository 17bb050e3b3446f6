import { describe, expect, it } from 'vitest';
import { htmlToText, safeHref, sanitizeHtml } from './sanitize';

function clean(html: string): string {
  const div = document.createElement('div');
  div.appendChild(sanitizeHtml(html));
  return div.innerHTML;
}

describe('sanitizeHtml', () => {
  it('keeps Mastodon status markup', () => {
    const html =
      '<p>hi <span class="h-card"><a href="https://m.example/@bob" class="u-url mention">@<span>bob</span></a></span> ' +
      '<a href="https://m.example/tags/cats" class="mention hashtag" rel="tag">#<span>cats</span></a><br />line</p>';
    const out = clean(html);
    expect(out).toContain('<span class="h-card"><a href="https://m.example/@bob"');
    expect(out).toContain('class="u-url mention"');
    expect(out).toContain('rel="tag nofollow noopener noreferrer"');
    expect(out).toContain('<br>line');
    expect(out.startsWith('<p>')).toBe(true);
  });

  it('drops <script> with its content', () => {
    const out = clean('<p>a<script>alert(1)</script>b</p><script src="https://evil.example/x.js"></script>');
    expect(out).toBe('<p>ab</p>');
    expect(out).not.toContain('alert');
  });

  it('drops style, iframe, object, svg, math and img with their contents', () => {
    for (const bad of [
      '<style>p{color:red}</style>',
      '<iframe src="https://e.x">inner</iframe>',
      '<object data="x.swf">inner</object>',
      '<svg><script>x()</script><a href="https://e.x">in svg</a></svg>',
      '<math><mi>x</mi></math>',
      '<img src=x onerror="alert(1)">',
      '<template><p>t</p></template>',
      '<form action="https://e.x"><button>b</button></form>',
    ]) {
      expect(clean(`<p>ok</p>${bad}`), bad).toBe('<p>ok</p>');
    }
  });

  it('removes event handler attributes', () => {
    const out = clean('<p onclick="alert(1)" onmouseover="x()">t</p><a href="https://a.example" onerror="alert(1)">l</a><span onfocus="y()" class="c">s</span>');
    expect(out).not.toMatch(/on(click|mouseover|error|focus)/);
    expect(out).toContain('<p>t</p>');
    expect(out).toContain('<span class="c">s</span>');
  });

  it('drops javascript:, data: and relative hrefs but keeps the text', () => {
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '/relative', '//evil.example']) {
      const out = clean(`<a href="${href}">click</a>`);
      expect(out).not.toContain('href');
      expect(out).toContain('click');
    }
  });

  it('unwraps unknown elements and keeps their text', () => {
    expect(clean('<p><b>bold</b> <em>em</em> <u>u</u> <code>c</code></p>')).toBe('<p>bold em u c</p>');
    expect(clean('<div><blockquote>q</blockquote></div>')).toBe('q');
  });

  it('drops unknown attributes on allowed elements and odd class tokens', () => {
    const out = clean('<p style="color:red" id="x">t</p><span class="ok x&quot;y" data-x="1">s</span>');
    expect(out).toBe('<p>t</p><span class="ok">s</span>');
  });

  it('opens external links in a new tab, safely', () => {
    const out = clean('<a href="https://example.com/">x</a>');
    expect(out).toContain('target="_blank"');
    expect(out).toContain('rel="nofollow noopener noreferrer"');
  });

  it('escapes text rather than parsing it twice', () => {
    const out = clean('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(out).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('drops comments and processing instructions', () => {
    expect(clean('<p>a<!-- <script>x</script> -->b</p>')).toBe('<p>ab</p>');
  });

  it('survives deep nesting', () => {
    const deep = '<span>'.repeat(500) + 'x' + '</span>'.repeat(500);
    expect(() => clean(deep)).not.toThrow();
  });
});

describe('safeHref', () => {
  it('accepts only absolute http(s)', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('http://a.example')).toBe('http://a.example/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('mailto:a@b.c')).toBeNull();
    expect(safeHref('')).toBeNull();
    expect(safeHref(null)).toBeNull();
  });
});

describe('htmlToText', () => {
  it('turns paragraphs and breaks into newlines', () => {
    expect(htmlToText('<p>a<br />b</p><p>c</p>')).toBe('a\nb\n\nc');
  });
});
