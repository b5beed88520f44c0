import type { PointerEvent } from 'react';

/**
 * Keeps a host's `.tooltip` inside the viewport (and its scrolling panel): measured when it
 * opens, shifted sideways through `--tip-dx`, and put above the host when there is no room below.
 * CSS alone centres it under the host, which cut off the announcements of the swatches at the
 * panel's edges and, on a phone, at the bottom of the screen.
 */
export function clampTooltip(host: HTMLElement): void {
  const tip = host.querySelector<HTMLElement>('.tooltip');
  if (!tip) return;
  tip.style.setProperty('--tip-dx', '0px');
  tip.classList.remove('tip-above');
  const r = tip.getBoundingClientRect();
  if (r.width === 0) return;
  const panel = host.closest('.panel')?.getBoundingClientRect();
  const margin = 8;
  const left = Math.max(margin, panel ? panel.left + margin : margin);
  const right = Math.min(window.innerWidth - margin, panel ? panel.right - margin : Infinity);
  let dx = 0;
  if (r.right > right) dx = right - r.right;
  if (r.left + dx < left) dx = left - r.left;
  tip.style.setProperty('--tip-dx', `${Math.round(dx)}px`);
  const hostBox = host.getBoundingClientRect();
  if (r.bottom > window.innerHeight - margin && hostBox.top - r.height - margin > 0) tip.classList.add('tip-above');
}

let openHost: HTMLElement | null = null;

function closeOnTapElsewhere(e: Event): void {
  if (openHost && e.target instanceof Node && openHost.contains(e.target)) return;
  openHost?.removeAttribute('data-tip-open');
  openHost = null;
  document.removeEventListener('pointerdown', closeOnTapElsewhere, true);
}

/**
 * Touch and pen: a tap on a host shows its tooltip (fitted into the screen) until the next tap
 * anywhere else. Hover does this for a mouse; on a touch screen :hover sticks after a tap.
 */
export function openTooltipOnTap(e: PointerEvent<HTMLElement>): void {
  if (e.pointerType === 'mouse') return;
  const host = e.currentTarget;
  if (openHost !== host) {
    openHost?.removeAttribute('data-tip-open');
    openHost = host;
  }
  host.setAttribute('data-tip-open', '');
  clampTooltip(host);
  document.addEventListener('pointerdown', closeOnTapElsewhere, true);
}
