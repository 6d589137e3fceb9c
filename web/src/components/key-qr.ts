// A public key as a QR code, for a phone to read. The qrcode library makes the symbol
// (version, error correction, masking); the page draws its modules as one SVG path, so
// nothing is parsed as HTML and no image is requested.
import { LitElement, css, html, svg } from 'lit';
import { create } from 'qrcode';

/** The dark modules as an SVG path of unit squares, quiet zone included in the view box. */
export function qrPath(value: string): { size: number; d: string } {
  const { modules } = create(value, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (modules.get(y, x)) parts.push(`M${x} ${y}h1v1h-1z`);
    }
  }
  return { size: modules.size, d: parts.join('') };
}

export class KeyQr extends LitElement {
  static override properties = { value: {}, label: {} };
  value = '';
  /** What the code holds, for a screen reader ("暗号化用の公開鍵のQRコード"). */
  label = '';

  static override styles = css`
    :host { display: inline-block; }
    svg { width: 10rem; height: 10rem; display: block; shape-rendering: crispEdges; }
  `;

  override render() {
    if (!this.value) return '';
    const { size, d } = qrPath(this.value);
    const quiet = 4;
    const box = `${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`;
    return html`<svg role="img" aria-label=${this.label} viewBox=${box} data-qr=${this.value}>
      ${svg`<rect x=${-quiet} y=${-quiet} width=${size + 2 * quiet} height=${size + 2 * quiet} fill="#fff"></rect>
      <path d=${d} fill="#000"></path>`}
    </svg>`;
  }
}
customElements.define('key-qr', KeyQr);
