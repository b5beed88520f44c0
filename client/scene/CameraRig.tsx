import { OrbitControls } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { type ComponentRef, type RefObject, useEffect, useRef } from 'react';
import { Spherical, Vector3 } from 'three';
import type { OrbitLimits, View } from './cameraViews.js';

interface Props {
  /** Where the camera should go; it glides there whenever this (or `resetSignal`) changes. */
  view: View | null;
  /** Bump to glide back to `view` after the consumer has orbited away. */
  resetSignal: number;
  limits: OrbitLimits;
  /** Focusable element whose arrow keys turn the model (and + / − zoom). */
  keyTarget?: RefObject<HTMLElement | null>;
}

/** One arrow key press: 15° round, 8° up or down; + / − zoom by this factor. */
const KEY_TURN = Math.PI / 12;
const KEY_TILT = (8 * Math.PI) / 180;
const KEY_ZOOM = 0.85;

const SPEED = 5; // 1/s: about 90 % of the way in half a second

/**
 * Orbit controls plus the animated move to each step's framing. The glide lives in refs and is
 * advanced in useFrame around the target (spherical, so the camera swings round the product
 * instead of cutting through it); touching the controls hands the camera back to the consumer.
 */
export function CameraRig({ view, resetSignal, limits, keyTarget }: Props) {
  const controls = useRef<ComponentRef<typeof OrbitControls>>(null);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const glide = useRef({
    active: false,
    placed: false,
    pos: new Vector3(),
    target: new Vector3(),
    from: new Spherical(),
    to: new Spherical(),
    tmp: new Vector3(),
  });
  const viewKey = view ? JSON.stringify(view) : '';

  useEffect(() => {
    const g = glide.current;
    if (!view) return;
    g.pos.set(...view.position);
    g.target.set(...view.target);
    const c = controls.current;
    if (!g.placed && c) {
      // The first framing is not animated: the model appears where it belongs.
      camera.position.copy(g.pos);
      c.target.copy(g.target);
      c.update();
      g.placed = true;
    } else g.active = true;
    invalidate();
    // viewKey stands for view; resetSignal restarts the glide to the same view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewKey, resetSignal, camera, invalidate]);

  // Keyboard: the same glide as a step change, to a position turned round the current target.
  const limitsRef = useRef(limits);
  limitsRef.current = limits;
  useEffect(() => {
    const el = keyTarget?.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      const c = controls.current;
      if (!c || e.altKey || e.ctrlKey || e.metaKey) return;
      const g = glide.current;
      const lim = limitsRef.current;
      // From where the glide is heading (several presses add up), else from where the camera is.
      const s = new Spherical().setFromVector3(g.tmp.copy(g.active ? g.pos : camera.position).sub(c.target));
      if (e.key === 'ArrowLeft') s.theta -= KEY_TURN;
      else if (e.key === 'ArrowRight') s.theta += KEY_TURN;
      else if (e.key === 'ArrowUp') s.phi -= KEY_TILT;
      else if (e.key === 'ArrowDown') s.phi += KEY_TILT;
      else if (e.key === '+' || e.key === '=') s.radius *= KEY_ZOOM;
      else if (e.key === '-' || e.key === '_') s.radius /= KEY_ZOOM;
      else return;
      e.preventDefault();
      s.phi = Math.min(lim.maxPolarAngle, Math.max(lim.minPolarAngle, s.phi));
      s.radius = Math.min(lim.maxDistance, Math.max(lim.minDistance, s.radius));
      g.target.copy(c.target);
      g.pos.copy(c.target).add(g.tmp.setFromSpherical(s));
      g.active = true;
      invalidate();
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, [keyTarget, camera, invalidate]);

  useFrame((_, delta) => {
    const g = glide.current;
    const c = controls.current;
    if (!g.active || !c) return;
    // Real time, so a slow renderer (SwiftShader) arrives as soon as a fast one, in fewer steps.
    const k = 1 - Math.exp(-SPEED * Math.min(delta, 0.1));
    c.target.lerp(g.target, k);
    g.from.setFromVector3(g.tmp.copy(camera.position).sub(c.target));
    g.to.setFromVector3(g.tmp.copy(g.pos).sub(g.target));
    let dTheta = g.to.theta - g.from.theta;
    dTheta = Math.atan2(Math.sin(dTheta), Math.cos(dTheta)); // the short way round
    g.from.theta += dTheta * k;
    g.from.phi += (g.to.phi - g.from.phi) * k;
    g.from.radius += (g.to.radius - g.from.radius) * k;
    camera.position.copy(c.target).add(g.tmp.setFromSpherical(g.from));
    const done = camera.position.distanceToSquared(g.pos) < 1e-8 && c.target.distanceToSquared(g.target) < 1e-8;
    if (done || (Math.abs(dTheta) < 1e-4 && camera.position.distanceTo(g.pos) < g.to.radius * 1e-3)) {
      camera.position.copy(g.pos);
      c.target.copy(g.target);
      g.active = false;
    }
    c.update();
    invalidate();
  });

  return (
    <OrbitControls
      ref={controls}
      makeDefault
      enablePan={false}
      enableDamping
      dampingFactor={0.12}
      {...limits}
      onStart={() => {
        glide.current.active = false;
      }}
    />
  );
}
