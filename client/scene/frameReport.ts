/**
 * Which configuration a drawn frame showed, from "applied" to "reported":
 *
 *   applied(key)  — the configuration is on the model and a frame is requested (layout effect);
 *   frame()       — a frame is about to be drawn (useFrame, just before the canvas renders);
 *   after()       — the frame loop finished a tick (R3F after-effect): the key it drew, once.
 *
 * A key moves to "drawing" only when one is pending, and leaves it only when reported: a frame
 * with nothing new (a texture arriving, the shadow, the camera glide) never drops a key that an
 * earlier frame drew but no after-tick has reported yet — e.g. when the first frame runs before
 * the after-effect is registered.
 */
export class FrameReport {
  private pending: string | null = null;
  private drawing: string | null = null;

  applied(key: string): void {
    this.pending = key;
  }

  frame(): void {
    if (this.pending === null) return;
    this.drawing = this.pending;
    this.pending = null;
  }

  /** The key the last frame(s) drew, or null when there is nothing new to report. */
  after(): string | null {
    const key = this.drawing;
    this.drawing = null;
    return key;
  }
}
