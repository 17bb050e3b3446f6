// Mastodon pagination: `Link: <https://host/api/v1/timelines/home?max_id=9>; rel="next",
// <https://host/api/v1/timelines/home?min_id=20>; rel="prev"`. Returns the URLs by rel, and
// helpers to read max_id/min_id/since_id out of them.

export interface PageLinks {
  next?: string;
  prev?: string;
}

export function parseLinkHeader(header: string | null | undefined): PageLinks {
  const out: PageLinks = {};
  if (!header) return out;
  // Each link value is "<uri>" followed by ";param" pairs; values are separated by commas that
  // come after a ">" (a comma inside <...> belongs to the URI).
  const re = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header)) !== null) {
    const uri = m[1]!.trim();
    const params = m[2] ?? '';
    const relMatch = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    if (!relMatch) continue;
    const rels = (relMatch[1] ?? relMatch[2] ?? '').toLowerCase().split(/\s+/);
    for (const rel of rels) {
      if ((rel === 'next' || rel === 'prev') && out[rel] === undefined) out[rel] = uri;
    }
  }
  return out;
}

// A query parameter of a link URL (absolute or relative), or undefined.
export function linkParam(link: string | undefined, name: string): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link, 'http://placeholder.invalid').searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}
