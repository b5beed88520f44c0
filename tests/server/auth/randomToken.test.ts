import { describe, expect, it } from 'vitest';
import { randomToken } from '../../../server/auth/crypto.js';

describe('randomToken', () => {
  it('gives base64url tokens of the asked entropy, never the same twice, across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const bytes = [16, 32, 7, 300][i % 4]!;
      const t = randomToken(bytes);
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(bytes);
      seen.add(t);
    }
    expect(seen.size).toBe(20_000);
  });

  it('looks uniform: every byte value turns up about equally often', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4000; i++) for (const b of Buffer.from(randomToken(16), 'base64url')) counts[b]!++;
    // 64,000 bytes: 250 expected per value; a stuck or zeroed pool would pile up on a few values.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(370);
  });
});
