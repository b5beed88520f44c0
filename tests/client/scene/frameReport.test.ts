import { describe, expect, it } from 'vitest';
import { FrameReport } from '../../../client/scene/frameReport.js';

describe('frame report', () => {
  it('reports each applied configuration once, after the frame that drew it', () => {
    const r = new FrameReport();
    r.applied('a');
    expect(r.after()).toBeNull(); // a loop tick in which this canvas drew nothing
    r.frame();
    expect(r.after()).toBe('a');
    r.frame(); // a later frame (camera glide) draws no new configuration
    expect(r.after()).toBeNull();
  });

  it('keeps a drawn key through frames with nothing new until it is reported', () => {
    // The first frame ran before the after-effect was registered; then the shadow or a texture
    // asked for another frame. The key of the first frame must still be reported.
    const r = new FrameReport();
    r.applied('with-text');
    r.frame();
    r.frame();
    r.frame();
    expect(r.after()).toBe('with-text');
    expect(r.after()).toBeNull();
  });

  it('reports the latest configuration when several were applied before a frame', () => {
    const r = new FrameReport();
    r.applied('a');
    r.applied('b');
    r.frame();
    expect(r.after()).toBe('b');
  });
});
