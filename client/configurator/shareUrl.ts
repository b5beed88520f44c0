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
