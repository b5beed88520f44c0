/**
 * A message template with its `{name}` placeholders filled in: the one way every UI string,
 * studio and sales message and order e-mail is completed. A placeholder without a value is left
 * as it is written (a missing value shows, rather than vanishing).
 */
export function fillPlaceholders(template: string, vars?: Readonly<Record<string, string | number>>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}
