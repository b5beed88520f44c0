import { describe, expect, it } from 'vitest';
import { decodeConfigCode } from '../../../catalog/flow/configCode.js';
import { parseProduct } from '../../../catalog/index.js';
import { codeFromSearch, publicAddress, shareUrl } from '../../../client/configurator/shareUrl.js';
import { createHarness } from '../../harness/configuratorHarness.js';
import { miniProduct } from '../../fixtures/miniProduct.js';
import { selectConfigCode } from '../../../catalog/flow/selectors.js';

describe('share links', () => {
  it('replace the code and keep the rest of the address', () => {
    expect(shareUrl('http://shop.test/p/mug?c=old&x=1#top', 'NEW')).toBe('http://shop.test/p/mug?c=NEW&x=1');
    expect(codeFromSearch('?x=1&c=abc')).toBe('abc');
    expect(codeFromSearch('')).toBeNull();
  });

  it('round-trip a configuration through the URL the page writes', () => {
    const h = createHarness(miniProduct());
    h.select('colour', 'black');
    h.type('name-text', 'Ada');
    const url = shareUrl('http://shop.test/p/mini-mug', selectConfigCode(h.actor.getSnapshot()));
    const code = codeFromSearch(new URL(url).search)!;
    const p = parseProduct(miniProduct());
    if (!p.ok) throw new Error('fixture');
    const decoded = decodeConfigCode(code, p.product, 1);
    expect(decoded.ok && decoded.choices).toEqual({ colour: 'black', 'name-text': 'Ada' });
  });

  it('name the shop by its public address (PUBLIC_URL) for a link that opens on another device', () => {
    const here = 'http://127.0.0.1:3000/p/mug?c=abc#x';
    expect(publicAddress(here, 'https://shop.example.com')).toBe('https://shop.example.com/p/mug?c=abc#x');
    expect(publicAddress(here, 'https://shop.example.com/')).toBe('https://shop.example.com/p/mug?c=abc#x');
    expect(publicAddress(here, null)).toBe(here);
    // Already at the public address (also under a path): kept as it is, not prefixed twice.
    expect(publicAddress('https://example.com/shop/p/mug?c=1', 'https://example.com/shop')).toBe(
      'https://example.com/shop/p/mug?c=1',
    );
    expect(publicAddress('https://example.com.evil/p/mug', 'https://example.com')).toBe('https://example.com/p/mug');
  });
});
