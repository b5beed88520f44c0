import type { Product } from '../schema/product.js';

/** The named parts of a .glb that options can drive (read by the server's inspectGlb). */
export interface ModelParts {
  meshes: string[];
  materials: string[];
  nodes: string[];
  /** Names that may be shown or hidden: nodes and meshes. */
  meshNodes: string[];
}

/** What kind of part a name in the product must be in the model. */
export type PartKind = 'material' | 'mesh' | 'node';

export interface ModelProblem {
  path: (string | number)[];
  /** The kind of part and the name the product uses, which the model lacks. */
  kind: PartKind;
  name: string;
  /** The attribute (and option) that drives the part. */
  attr: string;
  option?: string;
  message: string;
}

/**
 * Options, attribute targets and text placements that name parts the model does not have:
 * each is an error (the option would change nothing on the product), one per name and place.
 * Pure, so the studio shows them as soon as a model is chosen and the server refuses to publish them.
 */
export function modelProblems(product: Product, parts: ModelParts): ModelProblem[] {
  const out: ModelProblem[] = [];
  const has = { material: new Set(parts.materials), mesh: new Set(parts.meshes), node: new Set(parts.meshNodes) };
  const check = (
    kind: PartKind,
    names: readonly string[] | undefined,
    path: (string | number)[],
    attr: string,
    option?: string,
  ) => {
    (names ?? []).forEach((name, k) => {
      if (has[kind].has(name)) return;
      const who = option ? `option "${attr}/${option}"` : `attribute "${attr}"`;
      out.push({
        path: [...path, k],
        kind,
        name,
        attr,
        ...(option ? { option } : {}),
        message: `${who} points at ${kind} "${name}", which the model does not have`,
      });
    });
  };
  product.attributes.forEach((a, i) => {
    const at = ['attributes', i];
    if (a.kind === 'text') {
      if (!has.mesh.has(a.placement.mesh))
        out.push({
          path: [...at, 'placement', 'mesh'],
          kind: 'mesh',
          name: a.placement.mesh,
          attr: a.id,
          message: `text "${a.id}" is placed on mesh "${a.placement.mesh}", which the model does not have`,
        });
      return;
    }
    if (a.kind === 'colour' || a.kind === 'material') {
      check('material', a.target?.materials, [...at, 'target', 'materials'], a.id);
      check('mesh', a.target?.meshes, [...at, 'target', 'meshes'], a.id);
    }
    a.options.forEach((o, j) => {
      const e = o.effect;
      if (!e) return;
      const p = [...at, 'options', j, 'effect'];
      check('material', e.materials, [...p, 'materials'], a.id, o.id);
      check('mesh', e.meshes, [...p, 'meshes'], a.id, o.id);
      check('node', e.show, [...p, 'show'], a.id, o.id);
      check('node', e.hide, [...p, 'hide'], a.id, o.id);
    });
  });
  return out;
}

/** The names of a model's parts of one kind (the choices when mapping a missing name). */
export const partsOfKind = (parts: ModelParts, kind: PartKind): string[] =>
  kind === 'material' ? parts.materials : kind === 'mesh' ? parts.meshes : parts.meshNodes;

/**
 * The product with every use of a part name replaced by another (a mapping step after a new
 * model): only in the places of that kind, so a material and a mesh of the same name stay apart.
 */
export function renamePart<T>(doc: T, kind: PartKind, from: string, to: string): T {
  type Names = { [k: string]: unknown };
  const d = structuredClone(doc) as { attributes?: unknown };
  const swap = (o: Names | undefined, key: string) => {
    const xs = o?.[key];
    if (o && Array.isArray(xs)) o[key] = xs.map((x) => (x === from ? to : x)).filter((x, k, all) => all.indexOf(x) === k);
  };
  const isObj = (x: unknown): x is Names => typeof x === 'object' && x !== null;
  for (const a of Array.isArray(d.attributes) ? d.attributes : []) {
    if (!isObj(a)) continue;
    const placement = isObj(a.placement) ? a.placement : undefined;
    if (kind === 'mesh' && placement?.mesh === from) placement.mesh = to;
    const target = isObj(a.target) ? a.target : undefined;
    if (kind === 'material') swap(target, 'materials');
    if (kind === 'mesh') swap(target, 'meshes');
    for (const o of Array.isArray(a.options) ? a.options : []) {
      const e = isObj(o) && isObj(o.effect) ? o.effect : undefined;
      if (kind === 'material') swap(e, 'materials');
      if (kind === 'mesh') swap(e, 'meshes');
      if (kind === 'node') {
        swap(e, 'show');
        swap(e, 'hide');
      }
    }
  }
  return d as T;
}
