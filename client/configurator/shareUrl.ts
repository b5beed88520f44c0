/** The query parameter that carries a configuration code. */
export const CODE_PARAM = 'c';

/** `href` with its configuration code replaced by `code`, other parts kept. */
export function shareUrl(href: string, code: string): string {
  const url = new URL(href);
  url.searchParams.set(CODE_PARAM, code);
  url.hash = '';
  return url.toString();
}

/** The configuration code in a location's query, if any. */
export function codeFromSearch(search: string): string | null {
  return new URLSearchParams(search).get(CODE_PARAM);
}

/**
 * `href` as the shop's public address (PUBLIC_URL) names it, for a link that must open on another
 * device (the AR QR code): the path, query and fragment under `publicUrl`; `href` itself when there
 * is no public address or it already is one.
 */
export function publicAddress(href: string, publicUrl: string | null): string {
  if (!publicUrl) return href;
  const base = publicUrl.replace(/\/+$/, '');
  if (href === base || href.startsWith(`${base}/`)) return href;
  const url = new URL(href);
  return `${base}${url.pathname}${url.search}${url.hash}`;
}
