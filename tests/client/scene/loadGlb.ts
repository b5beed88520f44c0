import { readFile } from 'node:fs/promises';
import { Document, NodeIO } from '@gltf-transform/core';
import type { Object3D } from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { stampGltfMeshNames } from '../../../client/scene/modelIndex.js';

/** Parse .glb bytes with three's real GLTFLoader (no images decoded: the bundled models carry none). */
export async function parseGlb(bytes: Uint8Array): Promise<GLTF> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const gltf = await new GLTFLoader().parseAsync(buffer, '');
  stampGltfMeshNames(gltf.scene, gltf.parser);
  return gltf;
}

export async function loadGlbFile(path: string): Promise<Object3D> {
  return (await parseGlb(new Uint8Array(await readFile(path)))).scene;
}

/**
 * A real .glb for the mini mug fixture, written with glTF-Transform: a body with material "body",
 * two handle styles, a label plane with UVs (material "label") and a node whose glTF mesh name
 * differs from its node name.
 */
export async function miniMugGlb(): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const quad = (name: string, materialName: string, z: number) => {
    const pos = doc
      .createAccessor()
      .setType('VEC3')
      .setArray(new Float32Array([-0.5, -0.25, z, 0.5, -0.25, z, 0.5, 0.25, z, -0.5, 0.25, z]))
      .setBuffer(buffer);
    const uv = doc
      .createAccessor()
      .setType('VEC2')
      .setArray(new Float32Array([0, 1, 1, 1, 1, 0, 0, 0]))
      .setBuffer(buffer);
    const idx = doc
      .createAccessor()
      .setType('SCALAR')
      .setArray(new Uint16Array([0, 1, 2, 0, 2, 3]))
      .setBuffer(buffer);
    const material = doc.createMaterial(materialName).setBaseColorFactor([0.8, 0.8, 0.8, 1]);
    const prim = doc
      .createPrimitive()
      .setAttribute('POSITION', pos)
      .setAttribute('TEXCOORD_0', uv)
      .setIndices(idx)
      .setMaterial(material);
    return { mesh: doc.createMesh(name).addPrimitive(prim), material };
  };
  const body = quad('body', 'body', 0);
  const bodyBack = quad('body-back-mesh', 'body', -0.1);
  bodyBack.material.dispose();
  bodyBack.mesh.listPrimitives()[0]!.setMaterial(body.material);
  const hr = quad('handle-round', 'handle', 0.1);
  const hs = quad('handle-square', 'handle', 0.2);
  const label = quad('label-area', 'label', 0.05);
  const scene = doc.createScene('mug');
  const root = doc.createNode('mug');
  scene.addChild(root);
  root.addChild(doc.createNode('body').setMesh(body.mesh));
  root.addChild(doc.createNode('body back').setMesh(bodyBack.mesh));
  root.addChild(doc.createNode('handle-round').setMesh(hr.mesh));
  root.addChild(doc.createNode('handle-square').setMesh(hs.mesh));
  root.addChild(doc.createNode('label-area').setMesh(label.mesh));
  return new NodeIO().writeBinary(doc);
}
