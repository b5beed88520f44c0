import { describe, expect, it } from 'vitest';
import { count, evaluate, parseProduct } from '../../../catalog/index.js';
import { importXcsp, tableFromCsv } from '../../../catalog/import/index.js';

const XML = `<instance>
 <presentation name="tiny" format="XCSP 2.1"/>
 <domains nbDomains="2">
  <domain name="D3" nbValues="3">0..2</domain>
  <domain name="Dopt" nbValues="2" optional="-1">-1 0</domain>
 </domains>
 <variables nbVariables="3">
  <variable name="v0" domain="D3"/>
  <variable name="v1_0_Pack" domain="Dopt"/>
  <variable name="v2" domain="D3"/>
 </variables>
 <relations nbRelations="2">
  <relation name="r1" arity="2" nbTuples="3" semantics="supports"> 0 -1 | 1 0 | 2 0 </relation>
  <relation name="r2" arity="2" nbTuples="1" semantics="conflicts"> 0 0 </relation>
 </relations>
 <constraints nbConstraints="2">
  <constraint name="c1" arity="2" scope="v0 v1_0_Pack" reference="r1"/>
  <constraint name="c2" arity="2" scope="v0 v2" reference="r2"/>
 </constraints>
</instance>`;

describe('importXcsp', () => {
  it('maps variables, values, the optional -1 and tables (supports and conflicts)', () => {
    const input = importXcsp(XML);
    const parsed = parseProduct(input);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const p = parsed.product;
    expect(p.attributes.map((a) => a.id)).toEqual(['v0', 'v1-0-pack', 'v2']);
    expect(p.attributes[1]!.optional).toBe(true);
    expect(p.attributes[0]!.kind !== 'text' && p.attributes[0]!.options.map((o) => o.id)).toEqual(['val-0', 'val-1', 'val-2']);
    expect(p.rules[0]).toMatchObject({
      kind: 'table',
      attrs: ['v0', 'v1-0-pack'],
      rows: [
        ['val-0', null],
        ['val-1', 'val-0'],
        ['val-2', 'val-0'],
      ],
    });
    // v0=0 forces v1 none and v2 ≠ 0; v0=1,2 force v1=0: 2 + 3 + 3 configurations.
    expect(count(p)).toBe(8n);
    const e = evaluate(p, { v0: 'val-0' });
    expect(e.ok && e.attributes.v2!.options['val-0']!.state).toBe('conflict');
  });
});

describe('tableFromCsv', () => {
  it('reads an allowed-combinations table with none and any cells, and reports unknown names', () => {
    const parsed = parseProduct(importXcsp(XML));
    if (!parsed.ok) throw new Error('import');
    const ok = tableFromCsv('v0,v1-0-pack,v2\nval-0,,*\nval-1,val-0,val-2\n', parsed.product);
    expect(ok).toEqual({
      ok: true,
      rule: {
        id: 'allowed-combinations',
        kind: 'table',
        message: 'This combination is not offered',
        attrs: ['v0', 'v1-0-pack', 'v2'],
        rows: [
          ['val-0', null, '*'],
          ['val-1', 'val-0', 'val-2'],
        ],
      },
    });
    const bad = tableFromCsv('v0,nope\nval-9,x\n', parsed.product);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.message)).toEqual(['unknown attribute "nope"', '"v0" has no option "val-9"']);
  });

  it('reads what spreadsheets export: quotes, semicolons, tabs, a BOM, CRLF and blank lines', () => {
    const parsed = parseProduct(importXcsp(XML));
    if (!parsed.ok) throw new Error('import');
    const rows = [
      ['val-0', null, '*'],
      ['val-1', 'val-0', 'val-2'],
    ];
    for (const csv of [
      '\uFEFF"v0","v1-0-pack","v2"\r\n"val-0","","*"\r\n\r\n"val-1","val-0","val-2"\r\n',
      'v0;v1-0-pack;v2\nval-0;;*\nval-1;val-0;val-2',
      'v0\tv1-0-pack\tv2\nval-0\t\t*\nval-1\tval-0\tval-2\n',
      ' v0 , v1-0-pack ,v2\n val-0 ,,* \nval-1,"val-0",val-2',
    ]) {
      const r = tableFromCsv(csv, parsed.product);
      expect(r.ok ? r.rule.rows : r.issues, JSON.stringify(csv)).toEqual(rows);
    }
    // A quoted cell holding the separator is one cell (the old split made it two and blamed the row).
    const quoted = tableFromCsv('v0,v2\n"val-0,val-1",val-2\n', parsed.product);
    expect(quoted.ok).toBe(false);
    if (!quoted.ok) expect(quoted.issues.map((i) => i.message)).toEqual(['"v0" has no option "val-0,val-1"']);
    const unclosed = tableFromCsv('v0,v2\n"val-0,val-2\n', parsed.product);
    expect(unclosed.ok).toBe(false);
    if (!unclosed.ok) expect(unclosed.issues[0]!.message).toMatch(/^the CSV cannot be read/);
  });
});
