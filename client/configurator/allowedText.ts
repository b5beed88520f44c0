import type { Translate } from './optionText.js';

/**
 * A producer's allowed-characters class in the shopper's words: "letters, digits, spaces and
 * . , & ' -" instead of "A-Za-z0-9 .,&'-". Ranges it knows (A-Z, a-z, 0-9) become words; other
 * ranges are shown as "x–y", single characters as themselves.
 */
export function describeAllowed(allowed: string, t: Translate): string {
  const chars = [...allowed.replace(/\\(.)/g, '$1')];
  const words: string[] = [];
  const singles: string[] = [];
  let upper = false;
  let lower = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const to = chars[i + 2];
    if (chars[i + 1] === '-' && to !== undefined) {
      const range = `${c}-${to}`;
      if (range === 'A-Z') upper = true;
      else if (range === 'a-z') lower = true;
      else if (range === '0-9') words.push(t('cfg.allowedDigits'));
      else singles.push(`${c}–${to}`);
      i += 2;
    } else if (c === ' ') words.push(t('cfg.allowedSpaces'));
    else singles.push(c);
  }
  if (upper && lower) words.unshift(t('cfg.allowedLetters'));
  else if (upper) words.unshift(t('cfg.allowedCapitals'));
  else if (lower) words.unshift(t('cfg.allowedSmall'));
  const parts = [...words, ...(singles.length ? [singles.join(' ')] : [])];
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} ${t('cfg.allowedAnd')} ${parts.at(-1)!}`;
}
