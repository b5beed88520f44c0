import { useEffect, useRef, useState, type RefObject } from 'react';
import { selectConfigCode } from '../../catalog/flow/selectors.js';
import { storeArModel } from '../api/arModels.js';
import { shopSettings } from '../api/shop.js';
import { useT } from '../i18n/useT.js';
import type { ProductPreviewHandle } from '../scene/ProductPreview.js';
import { useConfiguratorSelector } from '../state/configuratorActor.js';
import { publicAddress } from './shareUrl.js';

/** How this device shows a model in the room: iOS Quick Look, Android Scene Viewer, or neither (a QR code to a phone). */
export type ArPlatform = 'quick-look' | 'scene-viewer' | 'qr';

export function arPlatform(nav: Navigator = navigator, doc: Document = document): ArPlatform {
  try {
    // Safari says so itself (iOS 12+); the user agent covers iPads that call themselves Macs.
    if (doc.createElement('a').relList.supports('ar')) return 'quick-look';
  } catch {
    // relList without supported tokens throws: not Safari
  }
  const ua = nav.userAgent;
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && nav.maxTouchPoints > 1)) return 'quick-look';
  if (/Android/i.test(ua)) return 'scene-viewer';
  return 'qr';
}

/** The Android intent that opens Scene Viewer on a .glb (ours), back to this page when it is missing. */
export function sceneViewerIntent(glbUrl: string, title: string, fallbackUrl: string): string {
  const query = `file=${encodeURIComponent(glbUrl)}&mode=ar_preferred&title=${encodeURIComponent(title)}`;
  return (
    `intent://arvr.google.com/scene-viewer/1.0?${query}#Intent;scheme=https;` +
    `package=com.google.android.googlequicksearchbox;action=android.intent.action.VIEW;` +
    `S.browser_fallback_url=${encodeURIComponent(fallbackUrl)};end;`
  );
}

// Quick Look wants an <img> as the link's first child; this one is a transparent pixel.
const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';

/**
 * "View in your room": on iOS the configured variant as USDZ, made here by three's USDZExporter
 * and opened in Quick Look (`<a rel="ar">`); on Android the variant's .glb, stored on our server
 * for Scene Viewer to fetch; elsewhere a QR code that opens this configuration on a phone (at the
 * shop's PUBLIC_URL when the server has one).
 * Models are made on the tap (and again after any change), never before: most shoppers don't ask.
 */
export function ArButton({
  previewRef,
  ready,
  title,
}: {
  previewRef: RefObject<ProductPreviewHandle | null>;
  ready: boolean;
  title: string;
}) {
  const { t } = useT();
  const [platform] = useState(arPlatform);
  const code = useConfiguratorSelector(selectConfigCode);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ href: string; for: string; kind: 'quick-look' | 'scene-viewer' } | null>(null);
  const [qr, setQr] = useState<{ image: string; url: string } | null>(null);
  const linkRef = useRef<HTMLAnchorElement>(null);
  const open = useRef(false);

  // A model made for an earlier configuration is not offered for this one.
  useEffect(() => {
    setLink((l) => {
      if (l && l.for !== code && l.href.startsWith('blob:')) URL.revokeObjectURL(l.href.split('#')[0]!);
      return l && l.for === code ? l : null;
    });
  }, [code]);
  // Opened once the link is in the page (Quick Look only reacts to a real <a rel="ar">).
  useEffect(() => {
    if (link && open.current) {
      open.current = false;
      linkRef.current?.click();
    }
  }, [link]);

  const start = async () => {
    setError(null);
    if (platform === 'qr') {
      // The shop's public address: the one in the browser may be localhost or an internal name.
      const [{ toDataURL }, { publicUrl }] = await Promise.all([import('qrcode'), shopSettings()]);
      const url = publicAddress(window.location.href, publicUrl);
      setQr({ image: await toDataURL(url, { margin: 1, width: 264, errorCorrectionLevel: 'M' }), url });
      return;
    }
    if (link?.for === code) {
      linkRef.current?.click();
      return;
    }
    const handle = previewRef.current;
    if (!handle) return;
    setBusy(true);
    try {
      let href: string;
      if (platform === 'quick-look') {
        href = `${URL.createObjectURL(await handle.exportUsdz())}#allowsContentScaling=0`;
      } else {
        const url = await storeArModel(await handle.exportGlb());
        href = sceneViewerIntent(url, title, window.location.href);
      }
      open.current = true;
      setLink({ href, for: code, kind: platform });
    } catch (e) {
      setError(t('ar.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={!ready || busy}
        onClick={() => void start()}
        data-testid="ar-button"
        data-platform={platform}
      >
        {busy ? t('ar.preparing') : platform === 'qr' ? t('ar.qrButton') : t('ar.view')}
      </button>
      {link && (
        <a
          ref={linkRef}
          href={link.href}
          rel={link.kind === 'quick-look' ? 'ar' : undefined}
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid={`ar-${link.kind}`}
        >
          <img src={PIXEL} alt="" width={1} height={1} />
        </a>
      )}
      {error && (
        <p className="notice notice-error stage-error" role="alert">
          {error}
        </p>
      )}
      {qr && <QrDialog image={qr.image} url={qr.url} onClose={() => setQr(null)} />}
    </>
  );
}

function QrDialog({ image, url, onClose }: { image: string; url: string; onClose: () => void }) {
  const { t } = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const back = document.activeElement;
    if (!d.open) d.showModal?.();
    return () => {
      if (d.open) d.close();
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog qr-dialog"
      aria-labelledby="qr-title"
      aria-describedby="qr-body"
      data-testid="qr-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="qr-title">{t('ar.qrTitle')}</h2>
      <p id="qr-body">{t('ar.qrBody')}</p>
      <img src={image} alt={url} width={264} height={264} data-testid="qr-code" />
      <div className="btn-row">
        <button type="button" className="btn" onClick={onClose} autoFocus>
          {t('ar.close')}
        </button>
      </div>
    </dialog>
  );
}
