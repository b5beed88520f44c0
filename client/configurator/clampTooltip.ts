/**
 * Keeps a host's `.tooltip` inside the viewport (and its scrolling panel): measured when it
 * opens, shifted sideways through `--tip-dx`. CSS alone centres it under the host, which cut
 * off the announcements of the swatches at the panel's edges.
 */
export function clampTooltip(host: HTMLElement): void {
  const tip = host.querySelector<HTMLElement>('.tooltip');
  if (!tip) return;
  tip.style.setProperty('--tip-dx', '0px');
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
}
