// The camera, while it is on the page: its video, and each frame read for QR codes inside
// the page (qr-scan.ts). Fires "qr-symbols" with the symbols a frame held, "camera-error"
// when the camera cannot be used. It starts when put on the page and stops — every track
// released — when taken off it.
import { LitElement, css, html } from 'lit';
import { readQrSymbols } from '../qr-scan.js';

/** Time between two frames read: a person holds a code still for a second or more. */
const FRAME_INTERVAL_MS = 120;
/** Frames are read at most this wide: ZXing needs a few pixels per module, not full HD. */
const MAX_FRAME_WIDTH = 1280;

export class QrCamera extends LitElement {
  static override properties = { label: {} };
  /** The video's accessible name. */
  label = '';
  private stream: MediaStream | null = null;
  private running = false;
  private timer = 0;

  static override styles = css`
    :host { display: block; }
    video { width: 100%; max-width: 28rem; border-radius: 8px; background: #000; display: block; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  private async start(): Promise<void> {
    this.running = true;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      if (!this.running) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      await this.updateComplete;
      const video = this.renderRoot.querySelector('video');
      if (!video) return;
      video.srcObject = stream;
      await video.play();
      this.schedule(video);
    } catch (error) {
      this.running = false;
      this.dispatchEvent(new CustomEvent('camera-error', { detail: String((error as Error)?.message ?? error), bubbles: true, composed: true }));
    }
  }

  private schedule(video: HTMLVideoElement): void {
    if (this.running) this.timer = window.setTimeout(() => void this.readFrame(video), FRAME_INTERVAL_MS);
  }

  private async readFrame(video: HTMLVideoElement): Promise<void> {
    if (!this.running) return;
    const image = frameOf(video);
    if (image) {
      try {
        const symbols = await readQrSymbols(image);
        if (symbols.length && this.running) {
          this.dispatchEvent(new CustomEvent('qr-symbols', { detail: symbols, bubbles: true, composed: true }));
        }
      } catch (error) {
        this.running = false;
        this.dispatchEvent(new CustomEvent('camera-error', { detail: String((error as Error)?.message ?? error), bubbles: true, composed: true }));
        return;
      }
    }
    this.schedule(video);
  }

  stop(): void {
    this.running = false;
    window.clearTimeout(this.timer);
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
  }

  override render() {
    return html`<video muted playsinline aria-label=${this.label}></video>`;
  }
}

/** The video's current frame as pixels, or null before it has one. */
function frameOf(video: HTMLVideoElement): ImageData | null {
  if (!video.videoWidth || !video.videoHeight) return null;
  const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
  const width = Math.round(video.videoWidth * scale);
  const height = Math.round(video.videoHeight * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(video, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

customElements.define('qr-camera', QrCamera);
