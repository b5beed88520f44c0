import { describe, expect, it } from 'vitest';
import { addressText, csvField, csvLine, decimal, neutralise } from '../../../server/exports/cells.js';

describe('cells', () => {
  it('neutralises every formula starter, and nothing else', () => {
    for (const s of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['1+1', 'a=b', ' =x', '', "'=x"]) expect(neutralise(s)).toBe(s);
  });

  it('quotes per RFC 4180 and leaves numbers alone', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('\r=x')).toBe(`"'\r=x"`);
    expect(csvField(-150)).toBe('-150');
    expect(csvField(null)).toBe('');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('writes money as a decimal and addresses on one line', () => {
    expect(decimal(4900, 100)).toBe('49.00');
    expect(decimal(-5, 100)).toBe('-0.05');
    expect(decimal(1234, 1)).toBe('1234');
    expect(addressText(JSON.stringify({ line1: 'Kerkstraat 1', postalCode: '1000', city: 'Brussel', country: 'BE' }))).toBe(
      'Kerkstraat 1, 1000 Brussel, BE',
    );
    expect(addressText(JSON.stringify('Somewhere 2'))).toBe('Somewhere 2');
    expect(addressText(null)).toBe('');
    // The parser-free path for a plain string, and the parser for one with escapes: the same text.
    expect(addressText(JSON.stringify('Rue "Haute" 5\nBruxelles'))).toBe('Rue "Haute" 5\nBruxelles');
  });
});
