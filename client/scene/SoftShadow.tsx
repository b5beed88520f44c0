import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import {
  type Box3,
  Mesh,
  OrthographicCamera,
  PlaneGeometry,
  ShaderMaterial,
  type Texture,
  Vector2,
  WebGLRenderTarget,
} from 'three';
import { FLOOR } from './partialRedraw.js';

/*
 * Three small programs instead of four of three's material programs (a MeshDepthMaterial, the
 * horizontal and the vertical blur, a MeshBasicMaterial): on a CPU rasteriser each program costs a
 * compile before the first frame can be drawn (docs/benchmarks.md, Client). The arithmetic is
 * theirs, term for term, so the shadow is the same image.
 */

const PLAIN_VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4( position, 1.0 );
}`;

/** The model seen from below: darkest where it touches the floor, fading with height (MeshDepthMaterial's depth). */
function depthMaterial(): ShaderMaterial {
  return new ShaderMaterial({
    name: 'SoftShadowDepth',
    vertexShader: /* glsl */ `
varying vec2 vHighPrecisionZW;
void main() {
  gl_Position = projectionMatrix * modelViewMatrix * vec4( position, 1.0 );
  vHighPrecisionZW = gl_Position.zw;
}`,
    fragmentShader: /* glsl */ `
varying vec2 vHighPrecisionZW;
void main() {
  float fragCoordZ = 0.5 * vHighPrecisionZW[ 0 ] / vHighPrecisionZW[ 1 ] + 0.5;
  gl_FragColor = vec4( vec3( 0.0 ), ( 1.0 - fragCoordZ ) * ( 1.0 - fragCoordZ ) );
}`,
  });
}

/** three's 9-tap Gaussian (HorizontalBlurShader / VerticalBlurShader) along `step`: (h, 0) or (0, v). */
function blurMaterial(): ShaderMaterial {
  const taps = [
    ['-', 4, '0.051'],
    ['-', 3, '0.0918'],
    ['-', 2, '0.12245'],
    ['-', 1, '0.1531'],
    ['', 0, '0.1633'],
    ['+', 1, '0.1531'],
    ['+', 2, '0.12245'],
    ['+', 3, '0.0918'],
    ['+', 4, '0.051'],
  ] as const;
  return new ShaderMaterial({
    name: 'SoftShadowBlur',
    uniforms: { tDiffuse: { value: null }, step: { value: new Vector2() } },
    vertexShader: PLAIN_VERTEX,
    fragmentShader: /* glsl */ `
uniform sampler2D tDiffuse;
uniform vec2 step;
varying vec2 vUv;
void main() {
  vec4 sum = vec4( 0.0 );
${taps.map(([sign, k, w]) => `  sum += texture2D( tDiffuse, ${sign ? `vUv ${sign} ${k}.0 * step` : 'vUv'} ) * ${w};`).join('\n')}
  gl_FragColor = sum;
}`,
    depthTest: false,
  });
}

/** The blurred image on the floor: black, its alpha times `opacity` (what a MeshBasicMaterial with it as map draws). */
function floorMaterial(map: Texture, opacity: number): ShaderMaterial {
  return new ShaderMaterial({
    name: 'SoftShadowFloor',
    uniforms: { map: { value: map }, opacity: { value: opacity } },
    vertexShader: PLAIN_VERTEX,
    fragmentShader: /* glsl */ `
uniform sampler2D map;
uniform float opacity;
varying vec2 vUv;
void main() {
  gl_FragColor = vec4( vec3( 0.0 ), opacity * texture2D( map, vUv ).a );
}`,
    transparent: true,
    depthWrite: false,
  });
}

interface Props {
  /** The model's bounds: the shadow lies under them, a little larger. */
  bounds: Box3;
  /** Redraw the shadow when this changes (the configuration: parts appear and disappear). */
  refreshKey: string;
  opacity?: number;
  blur?: number;
  resolution?: number;
  /** Called when the shadow image was redrawn (the next frame must draw the plane again). */
  onRedraw?: () => void;
}

/**
 * A contact shadow: the model's depth seen from below, blurred, on a transparent plane. Unlike
 * drei's ContactShadows it is redrawn only when the configuration changes (the product never
 * moves, so orbiting costs no extra passes) and it frees its render targets on unmount.
 */
export function SoftShadow({ bounds, refreshKey, opacity = 0.55, blur = 2.4, resolution = 256, onRedraw }: Props) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const invalidate = useThree((s) => s.invalidate);
  const dirty = useRef(true);

  const size = useMemo(() => {
    const w = (bounds.max.x - bounds.min.x) * 1.6;
    const d = (bounds.max.z - bounds.min.z) * 1.6;
    const s = Math.max(w, d, 1e-3);
    const height = Math.max(bounds.max.y - bounds.min.y, 1e-3);
    return { s, height, cx: (bounds.max.x + bounds.min.x) / 2, cz: (bounds.max.z + bounds.min.z) / 2, y: bounds.min.y };
  }, [bounds]);

  const parts = useMemo(() => {
    const target = new WebGLRenderTarget(resolution, resolution);
    const targetBlur = new WebGLRenderTarget(resolution, resolution);
    target.texture.generateMipmaps = targetBlur.texture.generateMipmaps = false;
    const plane = new PlaneGeometry(1, 1).rotateX(-Math.PI / 2);
    const depth = depthMaterial(); // depth-tested: the part nearest the floor casts
    const blur = blurMaterial();
    const blurMesh = new Mesh(new PlaneGeometry(2, 2), blur);
    blurMesh.frustumCulled = false;
    const shown = floorMaterial(target.texture, opacity);
    const camera = new OrthographicCamera(-0.5, 0.5, 0.5, -0.5, 0, 1);
    camera.rotation.x = Math.PI / 2; // look up at the model's underside: image u → +x, v → +z
    const quadCamera = new OrthographicCamera(-1, 1, 1, -1, 0, 1); // full-screen blur passes
    return { target, targetBlur, plane, depth, blur, blurMesh, shown, camera, quadCamera };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- opacity is set on the uniform below
  }, [resolution]);
  parts.shown.uniforms.opacity!.value = opacity;

  useEffect(
    () => () => {
      parts.target.dispose();
      parts.targetBlur.dispose();
      parts.plane.dispose();
      parts.blurMesh.geometry.dispose();
      parts.depth.dispose();
      parts.blur.dispose();
      parts.shown.dispose();
    },
    [parts],
  );

  useEffect(() => {
    dirty.current = true;
    invalidate();
  }, [refreshKey, size, invalidate]);

  const planeRef = useRef<Mesh>(null);
  useFrame(() => {
    const plane = planeRef.current;
    if (!dirty.current || !plane) return;
    dirty.current = false;
    const { camera, quadCamera, depth, target, targetBlur, blurMesh, blur: blurPass } = parts;
    camera.left = camera.bottom = -size.s / 2;
    camera.right = camera.top = size.s / 2;
    camera.near = 0;
    camera.far = size.height * 0.6;
    camera.position.set(size.cx, size.y, size.cz);
    camera.updateProjectionMatrix();
    camera.updateMatrixWorld();

    const background = scene.background;
    const override = scene.overrideMaterial;
    plane.visible = false;
    scene.background = null;
    scene.overrideMaterial = depth;
    const clear = gl.getClearAlpha();
    gl.setClearAlpha(0);
    gl.setRenderTarget(target);
    gl.clear();
    gl.render(scene, camera);
    scene.overrideMaterial = override;
    scene.background = background;
    const { tDiffuse, step } = blurPass.uniforms as { tDiffuse: { value: Texture }; step: { value: Vector2 } };
    for (const b of [blur, blur * 0.5]) {
      tDiffuse.value = target.texture; // horizontal
      step.value.set(b / resolution, 0);
      gl.setRenderTarget(targetBlur);
      gl.render(blurMesh, quadCamera);
      tDiffuse.value = targetBlur.texture; // vertical
      step.value.set(0, b / resolution);
      gl.setRenderTarget(target);
      gl.render(blurMesh, quadCamera);
    }
    gl.setRenderTarget(null);
    gl.setClearAlpha(clear);
    plane.visible = true;
    onRedraw?.();
  });

  return (
    <mesh
      ref={planeRef}
      geometry={parts.plane}
      material={parts.shown}
      position={[size.cx, size.y + 0.0005, size.cz]}
      scale={[size.s, 1, -size.s]} // the plane's v runs to -z, the shadow image's to +z
      renderOrder={-1}
      userData={{ [FLOOR]: size.y + 0.0005 }} // a partial redraw knows it lies under every part (partialRedraw.ts)
      raycast={() => null}
    />
  );
}
