/**
 * /embed.js: the <maatwerk-configurator> element for any web page (issue #17). No framework and
 * no dependencies: it frames /embed/p/:productId of the server it was loaded from, sizes the
 * frame to its content and re-dispatches the frame's messages as DOM events on the element:
 *
 *   <script src="https://maatwerk.example.com/embed.js" async></script>
 *   <maatwerk-configurator product="sneaker" locale="nl" choices="1.sneaker.1…"></maatwerk-configurator>
 *
 * Events (bubbling, `event.detail` as in embedProtocol.ts): maatwerk-ready, maatwerk-change,
 * maatwerk-add-to-cart, maatwerk-error. Methods: setChoices(code), reset().
 * Built by vite.config.ts (esbuild, IIFE, minified) into dist/client/embed.js.
 */
import { EMBED_PROTOCOL, type FrameMessage, type HostMessage } from './embedProtocol.js';

/** The script's own version (the message protocol is EMBED_PROTOCOL). */
const VERSION = '1.0.0';
const EVENTS: Record<string, string> = {
  ready: 'maatwerk-ready',
  change: 'maatwerk-change',
  'add-to-cart': 'maatwerk-add-to-cart',
  error: 'maatwerk-error',
};

// Where Maatwerk runs: the origin this script was loaded from.
const script = document.currentScript as HTMLScriptElement | null;
const SERVER = new URL(script?.src || location.href, location.href).origin;

class MaatwerkConfigurator extends HTMLElement {
  static readonly version = VERSION;
  static get observedAttributes() {
    return ['product', 'locale', 'choices'];
  }

  private frame: HTMLIFrameElement | null = null;
  private ready = false;
  private queue: HostMessage[] = [];
  private src = '';
  private readonly onMessage = (e: MessageEvent) => {
    const frame = this.frame;
    if (!frame || e.source !== frame.contentWindow || e.origin !== SERVER) return;
    const m = e.data as FrameMessage | null;
    if (!m || typeof m !== 'object' || m.maatwerk !== EMBED_PROTOCOL) return;
    if (m.type === 'resize') {
      if (m.height > 0) frame.style.height = `${Math.ceil(m.height)}px`;
      return;
    }
    if (m.type === 'ready') {
      this.ready = true;
      for (const q of this.queue.splice(0)) this.post(q);
    }
    const name = EVENTS[m.type];
    if (name) this.dispatchEvent(new CustomEvent(name, { detail: m.detail, bubbles: true, composed: true }));
  };

  connectedCallback() {
    if (!this.frame) {
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = ':host{display:block}iframe{display:block;width:100%;height:640px;border:0}';
      const frame = document.createElement('iframe');
      frame.title = this.getAttribute('label') || 'Product configurator';
      frame.setAttribute('allow', 'clipboard-write');
      root.append(style, frame);
      this.frame = frame;
    }
    addEventListener('message', this.onMessage);
    this.load();
  }

  disconnectedCallback() {
    removeEventListener('message', this.onMessage);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null) {
    if (!this.frame || old === value) return;
    // A new code for a loaded frame is applied in place; a new product or locale reloads it.
    if (name === 'choices' && this.ready) this.setChoices(value ?? '');
    else this.load();
  }

  /** Restore a configuration from its share code (as in maatwerk-change's `detail.code`). */
  setChoices(code: string) {
    this.post({ maatwerk: EMBED_PROTOCOL, type: 'set-choices', code: String(code) });
  }

  /** Back to the product's standard configuration. */
  reset() {
    this.post({ maatwerk: EMBED_PROTOCOL, type: 'reset' });
  }

  private post(m: HostMessage) {
    const win = this.frame?.contentWindow;
    if (this.ready && win) win.postMessage(m, SERVER);
    else this.queue.push(m);
  }

  private load() {
    const product = this.getAttribute('product');
    if (!this.frame || !product) return;
    const q = new URLSearchParams({ origin: location.origin });
    const locale = this.getAttribute('locale');
    const choices = this.getAttribute('choices');
    if (locale) q.set('locale', locale);
    if (choices) q.set('c', choices);
    const src = `${SERVER}/embed/p/${encodeURIComponent(product)}?${q}`;
    if (src === this.src) return;
    this.src = src;
    this.ready = false;
    this.frame.src = src;
  }
}

if (!customElements.get('maatwerk-configurator')) customElements.define('maatwerk-configurator', MaatwerkConfigurator);
