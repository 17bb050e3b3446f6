// Shows server HTML (status content, account notes) after the client-side sanitizer
// (lib/sanitize.ts), then points mention and hashtag links at the app's own screens: the server
// renders both #tag and #话题# as <a class="mention hashtag" href=".../tags/NAME">, and mentions
// as <a class="u-url mention" href=".../@user">. The document click handler (router.ts) routes
// them without a page load. Other links open in a new tab.

import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Mention } from '../api/types';
import { paths } from '../router';
import { sanitizeHtml } from '../lib/sanitize';

export function tagFromHref(href: string): string | null {
  try {
    const m = /\/tags\/([^/?#]+)\/?$/.exec(new URL(href).pathname);
    return m ? decodeURIComponent(m[1]!) : null;
  } catch {
    return null;
  }
}

export function acctFromHref(href: string, mentions: Mention[] = []): string | null {
  const known = mentions.find((m) => m.url === href);
  if (known) return known.acct;
  try {
    const url = new URL(href);
    const m = /^\/@([^/@]+)(?:@([^/]+))?\/?$/.exec(url.pathname);
    if (!m) return null;
    const user = decodeURIComponent(m[1]!);
    if (m[2]) return `${user}@${m[2]}`;
    return url.host === location.host ? user : `${user}@${url.host}`;
  } catch {
    return null;
  }
}

export function rewriteLinks(root: ParentNode, mentions: Mention[] = []): void {
  root.querySelectorAll('a[href]').forEach((a) => {
    const href = a.getAttribute('href')!;
    const classes = (a.getAttribute('class') ?? '').split(/\s+/);
    const isTag = classes.includes('hashtag') || (a.getAttribute('rel') ?? '').split(/\s+/).includes('tag');
    let to: string | null = null;
    if (isTag) {
      const tag = tagFromHref(href);
      if (tag) to = paths.tag(tag);
    } else if (classes.includes('mention')) {
      const acct = acctFromHref(href, mentions);
      if (acct) to = paths.profile(acct);
    }
    if (to) {
      a.setAttribute('href', to);
      a.removeAttribute('target');
    }
  });
}

export function RichContent({
  html,
  mentions,
  class: className,
  lang,
}: {
  html: string;
  mentions?: Mention[];
  class?: string;
  lang?: string | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fragment = sanitizeHtml(html);
    rewriteLinks(fragment, mentions);
    el.replaceChildren(fragment);
  }, [html, mentions]);
  return <div ref={ref} class={className} dir="auto" lang={lang ?? undefined} />;
}
