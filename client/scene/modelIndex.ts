import { type Material, type Mesh, type Object3D, PropertyBinding } from 'three';

/**
 * The glTF names of a loaded model's parts, so catalog names (node, mesh and material names as the
 * modelling tool wrote them) can be found on the three.js objects.
 *
 * GLTFLoader renames things on the way in: node names are sanitised ("Left strap" → "Left_strap"),
 * made unique, and a single-primitive mesh takes its node's name, losing the glTF mesh name. The
 * original names survive in `userData.name` (nodes) and in the parser's associations (meshes); we
 * stamp the glTF mesh name into `userData.gltfMesh` so it also survives `scene.clone()`.
 */
export interface ModelIndex {
  /** Objects by every name they answer to (glTF node name, sanitised name, glTF mesh name). */
  readonly objects: ReadonlyMap<string, readonly Object3D[]>;
  /** Every mesh of the model, in traversal order. */
  readonly meshes: readonly Mesh[];
  /** Meshes by the name of the material the model gave them. */
  readonly meshesByMaterial: ReadonlyMap<string, readonly Mesh[]>;
  /** The material each mesh had in the model, before any option was applied. */
  readonly originalMaterial: ReadonlyMap<Mesh, Material>;
  /** Each object's visibility in the model as loaded. */
  readonly originalVisible: ReadonlyMap<Object3D, boolean>;
}

/** The subset of GLTFLoader's parser we read: the glTF JSON and the object → index associations. */
export interface GltfParserLike {
  json: { meshes?: { name?: string }[] };
  associations: Map<object, { meshes?: number; nodes?: number } | undefined>;
}

/** Record the glTF mesh names on the objects of a freshly loaded glTF (before it is cloned). */
export function stampGltfMeshNames(root: Object3D, parser: GltfParserLike): void {
  root.traverse((o) => {
    const assoc = parser.associations.get(o);
    const meshName = assoc?.meshes !== undefined ? parser.json.meshes?.[assoc.meshes]?.name : undefined;
    if (meshName) o.userData.gltfMesh = meshName;
  });
}

function isMesh(o: Object3D): o is Mesh {
  return (o as Mesh).isMesh === true;
}

function namesOf(o: Object3D): string[] {
  const names = new Set<string>();
  if (o.name) names.add(o.name);
  if (typeof o.userData.name === 'string') names.add(o.userData.name);
  if (typeof o.userData.gltfMesh === 'string') names.add(o.userData.gltfMesh);
  return [...names];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/**
 * Index a model's parts by name. Objects the preview adds itself (flagged `userData.maatwerkOwned`,
 * e.g. text overlays) are skipped so re-indexing a configured model gives the same answer.
 */
export function indexModel(root: Object3D): ModelIndex {
  const objects = new Map<string, Object3D[]>();
  const meshes: Mesh[] = [];
  const meshesByMaterial = new Map<string, Mesh[]>();
  const originalMaterial = new Map<Mesh, Material>();
  const originalVisible = new Map<Object3D, boolean>();
  const visit = (o: Object3D) => {
    if (o.userData.maatwerkOwned) return;
    originalVisible.set(o, o.visible);
    for (const n of namesOf(o)) push(objects, n, o);
    if (isMesh(o) && !Array.isArray(o.material)) {
      meshes.push(o);
      originalMaterial.set(o, o.material);
      if (o.material.name) push(meshesByMaterial, o.material.name, o);
    }
    for (const c of o.children) visit(c);
  };
  visit(root);
  return { objects, meshes, meshesByMaterial, originalMaterial, originalVisible };
}

/** The objects a catalog name refers to: exact glTF name first, then GLTFLoader's sanitised form. */
export function findObjects(index: ModelIndex, name: string): readonly Object3D[] {
  return index.objects.get(name) ?? index.objects.get(PropertyBinding.sanitizeNodeName(name)) ?? [];
}

/** The meshes a catalog mesh name refers to: the named object if it is a mesh, and every mesh below it. */
export function findMeshes(index: ModelIndex, name: string): Mesh[] {
  const out: Mesh[] = [];
  for (const o of findObjects(index, name)) {
    o.traverse((d) => {
      if (isMesh(d) && index.originalMaterial.has(d) && !out.includes(d)) out.push(d);
    });
  }
  return out;
}
