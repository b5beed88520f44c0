import { EMBED_PROTOCOL, type FrameMessage, type HostMessage } from './embedProtocol.js';

/**
 * The embedded configurator's line to the shop page that frames it. The page names its origin
 * (`?origin=`, set by /embed.js); where the browser tells who the ancestor really is
 * (location.ancestorOrigins), a page that claims another origin gets no bridge. Messages go to
 * that exact origin only, and only messages from the parent window with that origin are read.
 * Which pages may frame /embed/* at all is the server's CSP frame-ancestors (EMBED_ORIGINS).
 */
export interface HostBridge {
  post(m: FrameMessage): void;
  /** Listen to the host's requests; returns the function that stops listening. */
  listen(handler: (m: HostMessage) => void): () => void;
}

export function connectHost(search: string): HostBridge | null {
  if (typeof window === 'undefined' || window.parent === window) return null;
  const claimed = new URLSearchParams(search).get('origin');
  let origin: string;
  try {
    origin = claimed ? new URL(claimed).origin : '';
  } catch {
    return null;
  }
  if (!origin || origin === 'null' || origin !== claimed) return null;
  const ancestors = window.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== origin) return null;
  const parent = window.parent;
  return {
    post: (m) => parent.postMessage(m, origin),
    listen(handler) {
      const onMessage = (e: MessageEvent) => {
        if (e.source !== parent || e.origin !== origin) return;
        const m = e.data as HostMessage | null;
        if (!m || typeof m !== 'object' || m.maatwerk !== EMBED_PROTOCOL) return;
        if (m.type === 'reset' || (m.type === 'set-choices' && typeof m.code === 'string')) handler(m);
      };
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}
