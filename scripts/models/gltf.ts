import { Document, type Material, type Mesh, type Node } from '@gltf-transform/core';
import { quantise, triangleCount, type MeshData } from './mesh.js';

export interface MaterialSpec {
  /** sRGB hex, as a producer picks it. */
  color: string;
  roughness: number;
  metalness: number;
  alpha?: number;
  doubleSided?: boolean;
}

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));

/** glTF stores baseColorFactor in linear space. */
export function hexToLinear(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [toLinear(((n >> 16) & 255) / 255), toLinear(((n >> 8) & 255) / 255), toLinear((n & 255) / 255)].map(
    (x) => Math.round(x * 1e5) / 1e5,
  ) as [number, number, number];
}

/** A small builder over a glTF-Transform document: named materials, meshes and nodes. */
export class ModelBuilder {
  readonly doc = new Document();
  private readonly buffer = this.doc.createBuffer('geometry');
  private readonly materials = new Map<string, Material>();
  readonly root: Node;
  triangles = 0;

  constructor(rootName: string) {
    this.doc.getRoot().getAsset().generator = 'Maatwerk scripts/buildModels.ts';
    this.root = this.doc.createNode(rootName);
    this.doc.createScene(rootName).addChild(this.root);
  }

  material(name: string, spec: MaterialSpec): Material {
    const m = this.doc
      .createMaterial(name)
      .setBaseColorFactor([...hexToLinear(spec.color), spec.alpha ?? 1])
      .setRoughnessFactor(spec.roughness)
      .setMetallicFactor(spec.metalness)
      .setDoubleSided(spec.doubleSided ?? false);
    if (spec.alpha !== undefined && spec.alpha < 1) m.setAlphaMode('BLEND');
    this.materials.set(name, m);
    return m;
  }

  /** Every material of a palette (scripts/models/palettes.json), in its order. */
  palette(specs: Record<string, MaterialSpec>): void {
    for (const [name, spec] of Object.entries(specs)) this.material(name, spec);
  }

  mat(name: string): Material {
    const m = this.materials.get(name);
    if (!m) throw new Error(`no material "${name}" defined`);
    return m;
  }

  mesh(name: string, parts: [MeshData, string][]): Mesh {
    const mesh = this.doc.createMesh(name);
    for (const [raw, materialName] of parts) {
      const data = quantise(raw);
      const count = data.positions.length / 3;
      const acc = (type: 'VEC3' | 'VEC2' | 'SCALAR', array: Float32Array | Uint16Array | Uint32Array) =>
        this.doc.createAccessor().setType(type).setArray(array).setBuffer(this.buffer);
      const prim = this.doc
        .createPrimitive()
        .setAttribute('POSITION', acc('VEC3', new Float32Array(data.positions)))
        .setAttribute('NORMAL', acc('VEC3', new Float32Array(data.normals)))
        .setAttribute('TEXCOORD_0', acc('VEC2', new Float32Array(data.uvs)))
        .setIndices(acc('SCALAR', count < 65536 ? new Uint16Array(data.indices) : new Uint32Array(data.indices)))
        .setMaterial(this.mat(materialName));
      mesh.addPrimitive(prim);
      this.triangles += triangleCount(data);
    }
    return mesh;
  }

  /** A node holding a mesh of the same name, under parent (default the root). */
  part(name: string, parts: [MeshData, string][], parent: Node = this.root, extras?: Record<string, unknown>): Node {
    const mesh = this.mesh(name, parts);
    if (extras) mesh.setExtras(extras);
    const node = this.doc.createNode(name).setMesh(mesh);
    parent.addChild(node);
    return node;
  }

  group(name: string, parent: Node = this.root): Node {
    const node = this.doc.createNode(name);
    parent.addChild(node);
    return node;
  }
}
