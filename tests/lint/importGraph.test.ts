import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './importGraph.js';

const root = process.cwd();
const rel = (p: string) => path.relative(root, p);
const graph = importGraph(root, ['catalog', 'client', 'server', 'scripts']);
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => [rel(from), rel(to)] as const));

/**
 * The arrows between the folders of `top` (client/ or server/), a subfolder counted as its folder
 * (scene/dev is scene, db/migrations is db); files at the top (app.ts, the composition root) are left out.
 */
function folderGraph(top: string, fileEdges: (readonly [string, string])[] = edges): Map<string, string[]> {
  const folder = (file: string) => {
    const parts = file.split('/');
    return parts[0] === top && parts.length > 2 ? `${top}/${parts[1]}` : null;
  };
  const out = new Map<string, string[]>();
  for (const [from, to] of fileEdges) {
    const [f, t] = [folder(from), folder(to)];
    if (f && t && f !== t) out.set(f, [...new Set([...(out.get(f) ?? []), t])]);
  }
  return out;
}

describe('the import graph (issue #18)', () => {
  it('finds a cycle where there is one (the checker itself)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(importCycles(g)).toEqual([['a', 'b', 'c']]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('reads the tree: a known arrow is in it', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(edges).toContainEqual(['server/app.ts', 'server/orders/ordersRouter.ts']);
  });

  it('has no import cycles in catalog/, client/, server/ and scripts/', () => {
    expect(importCycles(graph).map((c) => c.map(rel))).toEqual([]);
  });

  it('db/ imports no feature folder', () => {
    // The catalog domain is no feature: db/ may type its columns with it (an order's status); nor is
    // the starter of the server's threads (the WAL checkpointer is one).
    const out = edges.filter(
      ([from, to]) =>
        from.startsWith('server/db/') &&
        to.startsWith('server/') &&
        !to.startsWith('server/db/') &&
        to !== 'server/workers/moduleWorker.ts',
    );
    expect(out).toEqual([]);
  });

  it('no service imports a router', () => {
    expect(edges.filter(([from, to]) => /Service\.ts$/.test(from) && /Router\.ts$/.test(to))).toEqual([]);
  });

  it('orders import nothing of the sales desk, its exports or its webhooks (the writer keeps its index through ArrearsIndex; e-mails share the outbox loop)', () => {
    expect(
      edges.filter(([from, to]) => from.startsWith('server/orders/') && /^server\/(sales|exports|webhooks)\//.test(to)),
    ).toEqual([]);
  });

  it('arrows between the desk, its exports and its webhooks point one way: exports → sales → webhooks (the queue only)', () => {
    const between = (a: string, b: string) =>
      edges.filter(([from, to]) => from.startsWith(`server/${a}/`) && to.startsWith(`server/${b}/`));
    expect(between('sales', 'exports')).toEqual([]);
    expect(between('webhooks', 'sales')).toEqual([]);
    expect(between('webhooks', 'exports')).toEqual([]);
    // The desk queues a delivery in the transaction that changes a status: that one module, no router.
    expect(between('sales', 'webhooks').map(([, to]) => to)).toEqual(['server/webhooks/webhooks.ts']);
    expect(between('exports', 'sales').length).toBeGreaterThan(0);
  });

  it('catalog/ folders import each other one way: the engine (rules/) knows nothing of prices', () => {
    // pricing/ stands on the engine (the cheapest price); configuration/ (evaluate, validate) stands on both.
    expect(edges.filter(([from, to]) => from.startsWith('catalog/rules/') && to.startsWith('catalog/pricing/'))).toEqual([]);
    const folders = new Map<string, string[]>();
    for (const [from, to] of edges) {
      const [f, t] = [path.dirname(from), path.dirname(to)];
      if (f.startsWith('catalog/') && t.startsWith('catalog/') && f !== t) folders.set(f, [...(folders.get(f) ?? []), t]);
    }
    expect(folders.get('catalog/pricing')).toContain('catalog/rules');
    expect(importCycles(folders)).toEqual([]);
  });

  it('client/ folders import each other one way: no folder cycle (i18n reads the locale from state, not back)', () => {
    const folders = folderGraph('client');
    expect(folders.get('client/i18n')).toContain('client/state');
    expect(importCycles(folders)).toEqual([]);
    // The check sees a folder cycle: the store taking its locale type from i18n again is one.
    const withOldArrow = [...edges, ['client/state/viewStore.ts', 'client/i18n/messages.ts'] as const];
    expect(importCycles(folderGraph('client', withOldArrow))).toEqual([['client/i18n', 'client/state']]);
  });

  it('server/ folders import each other one way: no folder cycle', () => {
    // The outbox (delivery rows of e-mails and webhooks) reads the database, so it is not in
    // workers/, which db/ uses to start its threads; orders of saved configurations are placed by
    // configurations/ through a function app.ts hands to the orders router.
    const folders = folderGraph('server');
    expect(folders.get('server/db')).toContain('server/workers');
    expect(folders.get('server/configurations')).toContain('server/orders');
    expect(importCycles(folders)).toEqual([]);
  });
});
