import {
  type Color,
  type Material,
  MeshPhysicalMaterial,
  MeshStandardMaterial,
  NoColorSpace,
  RepeatWrapping,
  SRGBColorSpace,
  type Texture,
  TextureLoader,
} from 'three';
import type { ColourOption, Pbr } from '../../catalog/index.js';

/** A colour option as it lands on a part. */
export interface ColourLayer {
  key: string;
  hex: string;
  roughness?: number;
  metalness?: number;
}

/** A material option as it lands on a part. */
export interface PbrLayer {
  key: string;
  pbr: Pbr;
}

export function colourLayer(attrId: string, option: ColourOption): ColourLayer {
  return { key: `${attrId}/${option.id}`, hex: option.hex, roughness: option.roughness, metalness: option.metalness };
}

export type TextureSlot = 'map' | 'normalMap' | 'roughnessMap';
/** Loads a texture file that sits beside the product file. */
export type LoadTexture = (relPath: string) => Texture;

/** The default texture loader: three's TextureLoader on the URL the app serves the asset at. */
export function textureLoaderFor(assetUrl: (relPath: string) => string): LoadTexture {
  const loader = new TextureLoader();
  return (relPath) => loader.load(assetUrl(relPath));
}

/**
 * Materials and textures made for options, cached so that choosing an option again reuses them:
 * one material per (model material, material option, colour option) and one texture per
 * (file, slot, repeat). Nothing is created per frame; everything is disposed together.
 *
 * Precedence on one part, when both a material option and a colour option apply to it:
 * - the material option gives the surface: roughness, metalness, maps, clearcoat, sheen
 *   (maps it does not name are removed, so a texture of the model never bleeds into it);
 * - the colour option gives the base colour (tinting the material's colour map, if any) and
 *   its own roughness/metalness are ignored, because the material already defines them;
 * - a colour option alone keeps the model's surface and maps, and sets roughness/metalness
 *   only when it gives them.
 * Anything neither option sets (emissive, aoMap, transparency…) stays as the model has it.
 */
export class MaterialCache {
  private readonly materials = new Map<string, Material>();
  private readonly textures = new Map<string, Texture>();

  constructor(private readonly loadTexture: LoadTexture | null) {}

  get materialCount(): number {
    return this.materials.size;
  }

  get textureCount(): number {
    return this.textures.size;
  }

  /** The material a part shows for these layers; the original itself when no layer applies. */
  resolve(original: Material, pbr: PbrLayer | undefined, colour: ColourLayer | undefined): Material {
    if (!pbr && !colour) return original;
    const key = `${original.uuid}|${pbr?.key ?? ''}|${colour?.key ?? ''}`;
    let m = this.materials.get(key);
    if (!m) {
      m = this.build(original, pbr?.pbr, colour);
      m.userData.maatwerkKey = key;
      this.materials.set(key, m);
    }
    return m;
  }

  private build(original: Material, pbr: Pbr | undefined, colour: ColourLayer | undefined): MeshStandardMaterial {
    const keepPhysical = !pbr && original instanceof MeshPhysicalMaterial;
    const physical = keepPhysical || (pbr !== undefined && (pbr.clearcoat !== undefined || pbr.sheen !== undefined));
    const m = physical ? new MeshPhysicalMaterial() : new MeshStandardMaterial();
    if (keepPhysical) {
      m.copy(original);
    } else if (original instanceof MeshStandardMaterial) {
      // Copy as a standard material: MeshPhysicalMaterial.copy would read physical fields the
      // original may not have. Standard's copy resets the defines, so restore PHYSICAL after it.
      MeshStandardMaterial.prototype.copy.call(m, original);
      if (physical) m.defines = { STANDARD: '', PHYSICAL: '' };
    } else {
      const c = (original as Material & { color?: Color }).color;
      if (c) m.color.copy(c);
      m.side = original.side;
    }
    m.name = original.name; // keeps the glTF material name in the scene and in the exported .glb
    if (pbr) {
      m.color.set(pbr.baseColor);
      m.roughness = pbr.roughness;
      m.metalness = pbr.metalness;
      m.map = pbr.map ? this.texture(pbr.map, 'map', pbr.repeat) : null;
      m.normalMap = pbr.normalMap ? this.texture(pbr.normalMap, 'normalMap', pbr.repeat) : null;
      m.roughnessMap = pbr.roughnessMap ? this.texture(pbr.roughnessMap, 'roughnessMap', pbr.repeat) : null;
      if (m instanceof MeshPhysicalMaterial) {
        m.clearcoat = pbr.clearcoat ?? 0;
        m.clearcoatRoughness = 0.08;
        m.sheen = pbr.sheen ?? 0;
        m.sheenRoughness = 0.7;
      }
    }
    if (colour) {
      m.color.set(colour.hex);
      if (!pbr) {
        if (colour.roughness !== undefined) m.roughness = colour.roughness;
        if (colour.metalness !== undefined) m.metalness = colour.metalness;
      }
    }
    // Fabric sheen takes the thread's colour: a white sheen would wash out (and grey) the colour.
    if (m instanceof MeshPhysicalMaterial && m.sheen > 0) m.sheenColor.copy(m.color);
    return m;
  }

  private texture(relPath: string, slot: TextureSlot, repeat: number): Texture | null {
    if (!this.loadTexture) return null;
    const key = `${relPath}|${slot}|${repeat}`;
    let t = this.textures.get(key);
    if (!t) {
      t = this.loadTexture(relPath);
      t.name = relPath;
      t.colorSpace = slot === 'map' ? SRGBColorSpace : NoColorSpace;
      t.wrapS = t.wrapT = RepeatWrapping;
      t.repeat.set(repeat, repeat);
      t.flipY = false; // glTF UVs put v = 0 at the top of the image
      t.anisotropy = 8;
      this.textures.set(key, t);
    }
    return t;
  }

  /** The materials and textures currently held (for tests and leak checks). */
  contents(): { materials: Material[]; textures: Texture[] } {
    return { materials: [...this.materials.values()], textures: [...this.textures.values()] };
  }

  dispose(): void {
    for (const m of this.materials.values()) m.dispose();
    for (const t of this.textures.values()) t.dispose();
    this.materials.clear();
    this.textures.clear();
  }
}
