import { useThree } from '@react-three/fiber';
import { use, useLayoutEffect } from 'react';
import { PMREMGenerator, type Texture } from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import { isSoftwareContext, loadStudioLight, tuneStudioLight } from './bakedLight.js';

/**
 * Image-based light from three's RoomEnvironment (it ships with the app: drei's Environment presets
 * fetch HDRs from a CDN), plus a key light for form. The light comes prefiltered from a file baked
 * at build time (suspends until it is decoded); only when that fails is it prefiltered live with
 * PMREM, which on a CPU renderer costs seconds.
 */
export function StudioEnvironment({ intensity = 0.8 }: { intensity?: number }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const baked = use(loadStudioLight());
  useLayoutEffect(() => {
    let texture: Texture;
    let release = () => {};
    if (baked) {
      tuneStudioLight(baked, isSoftwareContext(gl.getContext())); // before the first program compiles (the first frame)
      texture = baked; // shared by every canvas of the page: never disposed here
    } else {
      const pmrem = new PMREMGenerator(gl);
      const room = new RoomEnvironment();
      const target = pmrem.fromScene(room, 0.04);
      room.dispose();
      pmrem.dispose();
      texture = target.texture;
      release = () => target.dispose();
    }
    scene.environment = texture;
    scene.environmentIntensity = intensity;
    performance.mark('maatwerk:scene:environment');
    return () => {
      if (scene.environment === texture) scene.environment = null;
      release();
    };
  }, [gl, scene, intensity, baked]);
  return (
    <>
      <directionalLight position={[2.5, 4, 3]} intensity={0.9} />
      <directionalLight position={[-3, 2, -2]} intensity={0.3} />
    </>
  );
}
