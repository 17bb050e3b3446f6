// The only way server HTML (status content, account notes) reaches the page. The server renders
// and sanitizes its own HTML, and HTML from other servers is sanitized again there, but the web
// app does not trust that: it parses the string with DOMParser (inert: no scripts run, no images
// load in a parsed document), then rebuilds a fresh fragment in the page's document that holds
// only an allow-list:
//   p, br                     no attributes
//   a[href, rel, class]       href only when it parses as an absolute http(s) URL
//   span[class]
// Script-like elements are dropped with their contents; any other element is unwrapped (its
// children are kept, sanitized). Nothing is ever assigned to innerHTML.

const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'svg', 'math', 'head',
  'title', 'textarea', 'select', 'button', 'form', 'video', 'audio', 'img', 'picture', 'frame',
  'frameset', 'applet', 'link', 'meta', 'base',
]);

const CLASS_TOKEN = /^[A-Za-z0-9_-]{1,40}$/;

export function safeHref(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href;
  } catch {
    return null;
  }
}

function safeClass(raw: string | null): string | null {
  if (!raw) return null;
  const tokens = raw.split(/\s+/).filter((t) => CLASS_TOKEN.test(t));
  return tokens.length ? tokens.join(' ') : null;
}

function copyChildren(from: Node, to: Node, doc: Document, depth: number): void {
  if (depth > 64) return; // pathological nesting: stop rather than recurse forever
  for (let child = from.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3 /* TEXT_NODE */) {
      to.appendChild(doc.createTextNode(child.nodeValue ?? ''));
      continue;
    }
    if (child.nodeType !== 1 /* ELEMENT_NODE */) continue; // comments, processing instructions
    const el = child as Element;
    const tag = el.localName.toLowerCase();
    if (DROP_WITH_CONTENT.has(tag)) continue;
    if (el.namespaceURI && el.namespaceURI !== 'http://www.w3.org/1999/xhtml') continue;
    let out: Element | null = null;
    switch (tag) {
      case 'p':
      case 'br':
        out = doc.createElement(tag);
        break;
      case 'a': {
        out = doc.createElement('a');
        const href = safeHref(el.getAttribute('href'));
        if (href) {
          out.setAttribute('href', href);
          out.setAttribute('target', '_blank');
        }
        const cls = safeClass(el.getAttribute('class'));
        if (cls) out.setAttribute('class', cls);
        // rel is rewritten, not copied: keep "tag" (hashtags) and always add the safe trio.
        const rel = (el.getAttribute('rel') ?? '').split(/\s+/).includes('tag') ? 'tag ' : '';
        out.setAttribute('rel', `${rel}nofollow noopener noreferrer`);
        break;
      }
      case 'span': {
        out = doc.createElement('span');
        const cls = safeClass(el.getAttribute('class'));
        if (cls) out.setAttribute('class', cls);
        break;
      }
      default:
        copyChildren(el, to, doc, depth + 1); // unwrap
        continue;
    }
    if (tag !== 'br') copyChildren(el, out, doc, depth + 1);
    to.appendChild(out);
  }
}

// Returns a DocumentFragment owned by `doc` (the page's document by default).
export function sanitizeHtml(html: string, doc: Document = document): DocumentFragment {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const fragment = doc.createDocumentFragment();
  copyChildren(parsed.body, fragment, doc, 0);
  return fragment;
}

// Plain text of server HTML (for previews, titles and aria-labels), paragraphs as newlines.
export function htmlToText(html: string): string {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  parsed.querySelectorAll('br').forEach((br) => br.replaceWith('\n'));
  parsed.querySelectorAll('p').forEach((p, i) => {
    if (i > 0) p.prepend('\n\n');
  });
  parsed.querySelectorAll('script,style,template').forEach((e) => e.remove());
  return (parsed.body.textContent ?? '').trim();
}
