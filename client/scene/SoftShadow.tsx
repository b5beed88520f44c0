import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import {
  type Box3,
  Mesh,
  MeshBasicMaterial,
  MeshDepthMaterial,
  OrthographicCamera,
  PlaneGeometry,
  ShaderMaterial,
  WebGLRenderTarget,
} from 'three';
import { HorizontalBlurShader } from 'three/examples/jsm/shaders/HorizontalBlurShader.js';
import { VerticalBlurShader } from 'three/examples/jsm/shaders/VerticalBlurShader.js';
import { FLOOR } from './partialRedraw.js';

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
    const depth = new MeshDepthMaterial(); // depth-tested: the part nearest the floor casts
    depth.onBeforeCompile = (shader) => {
      // Darkest where the model touches the floor, fading with height.
      shader.fragmentShader = shader.fragmentShader.replace(
        'vec4( vec3( 1.0 - fragCoordZ ), opacity );',
        'vec4( vec3( 0.0 ), ( 1.0 - fragCoordZ ) * ( 1.0 - fragCoordZ ) );',
      );
    };
    const hBlur = new ShaderMaterial(HorizontalBlurShader);
    const vBlur = new ShaderMaterial(VerticalBlurShader);
    hBlur.depthTest = vBlur.depthTest = false;
    const blurMesh = new Mesh(new PlaneGeometry(2, 2), hBlur);
    blurMesh.frustumCulled = false;
    const shown = new MeshBasicMaterial({ map: target.texture, transparent: true, depthWrite: false });
    const camera = new OrthographicCamera(-0.5, 0.5, 0.5, -0.5, 0, 1);
    camera.rotation.x = Math.PI / 2; // look up at the model's underside: image u → +x, v → +z
    const quadCamera = new OrthographicCamera(-1, 1, 1, -1, 0, 1); // full-screen blur passes
    return { target, targetBlur, plane, depth, hBlur, vBlur, blurMesh, shown, camera, quadCamera };
  }, [resolution]);

  useEffect(
    () => () => {
      parts.target.dispose();
      parts.targetBlur.dispose();
      parts.plane.dispose();
      parts.blurMesh.geometry.dispose();
      parts.depth.dispose();
      parts.hBlur.dispose();
      parts.vBlur.dispose();
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
    const { camera, quadCamera, depth, target, targetBlur, blurMesh, hBlur, vBlur } = parts;
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
    for (const b of [blur, blur * 0.5]) {
      blurMesh.material = hBlur;
      hBlur.uniforms.tDiffuse!.value = target.texture;
      hBlur.uniforms.h!.value = b / resolution;
      gl.setRenderTarget(targetBlur);
      gl.render(blurMesh, quadCamera);
      blurMesh.material = vBlur;
      vBlur.uniforms.tDiffuse!.value = targetBlur.texture;
      vBlur.uniforms.v!.value = b / resolution;
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
      material-opacity={opacity}
      renderOrder={-1}
      userData={{ [FLOOR]: size.y + 0.0005 }} // a partial redraw knows it lies under every part (partialRedraw.ts)
      raycast={() => null}
    />
  );
}
