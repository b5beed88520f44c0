import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Loading } from '../../../client/ui/Loading.js';

describe('Loading', () => {
  it('spins while nothing tells how far it is', () => {
    const html = renderToStaticMarkup(<Loading label="Loading the shop" />);
    expect(html).toContain('class="spinner"');
    expect(html).toContain('Loading the shop');
    expect(html).not.toContain('class="progress"');
  });

  it('shows a bar and no spinner when the progress is known (the 3D preview: no 60 fps animation beside its WebGL)', () => {
    const html = renderToStaticMarkup(<Loading label="Loading the 3D model…" progress={0.25} />);
    expect(html).not.toContain('spinner');
    expect(html).toContain('class="progress"');
    expect(html).toContain('width:25%');
    expect(html).toContain('role="status"');
    expect(html).toContain('class="loading with-progress"'); // the bar under its label
  });
});
