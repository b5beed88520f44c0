import { useThree } from '@react-three/fiber';
import { useLayoutEffect } from 'react';
import { PMREMGenerator } from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';

/**
 * Image-based light from three's procedural RoomEnvironment, prefiltered once with PMREM: it ships
 * with the app (drei's Environment presets fetch HDRs from a CDN), plus a key light for form.
 */
export function StudioEnvironment({ intensity = 0.8 }: { intensity?: number }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  useLayoutEffect(() => {
    const pmrem = new PMREMGenerator(gl);
    const room = new RoomEnvironment();
    const target = pmrem.fromScene(room, 0.04);
    room.dispose();
    pmrem.dispose();
    scene.environment = target.texture;
    scene.environmentIntensity = intensity;
    return () => {
      if (scene.environment === target.texture) scene.environment = null;
      target.dispose();
    };
  }, [gl, scene, intensity]);
  return (
    <>
      <directionalLight position={[2.5, 4, 3]} intensity={0.9} />
      <directionalLight position={[-3, 2, -2]} intensity={0.3} />
    </>
  );
}
