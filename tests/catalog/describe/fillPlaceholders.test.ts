import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../../catalog/index.js';

describe('fillPlaceholders', () => {
  it('fills every {name} it has a value for, numbers too, and leaves the others as written', () => {
    expect(fillPlaceholders('Order {number} is {status}.', { number: 12, status: 'shipped' })).toBe('Order 12 is shipped.');
    expect(fillPlaceholders('{a}{a} {b}', { a: 'x' })).toBe('xx {b}');
    expect(fillPlaceholders('no vars {x}')).toBe('no vars {x}');
  });

  it('never reads inherited properties as values', () => {
    expect(fillPlaceholders('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });
});
