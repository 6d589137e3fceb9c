// One analyte over time, drawn by uPlot: the values, the reference range as dashed lines,
// and out-of-range values as red points. The table beside it carries the same numbers
// for screen readers; the chart is a picture of them (aria-hidden canvas, labelled figure).
import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { AnalyteSeries } from '@techo/core';

export class TrendChart extends LitElement {
  static override properties = { series: { attribute: false }, label: {} };
  series: AnalyteSeries | null = null;
  label = '';
  private plot: uPlot | null = null;

  static override styles = [unsafeCSS(uplotCss), css`
    :host { display: block; }
    figure { margin: 0; }
    .chart { min-height: 240px; }
  `];

  override render() {
    return html`<figure role="img" aria-label=${this.label}><div class="chart"></div></figure>`;
  }

  override updated(changed: PropertyValues): void {
    if (changed.has('series')) this.draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
  }

  private draw(): void {
    this.plot?.destroy();
    this.plot = null;
    const series = this.series;
    const target = this.renderRoot.querySelector('.chart') as HTMLElement | null;
    if (!series || !target) return;
    const points = series.points.filter((p) => p.value !== null && p.date);
    if (points.length === 0) return;
    const xs = points.map((p) => Date.parse(p.date.length === 10 ? `${p.date}T00:00:00Z` : p.date) / 1000);
    const values = points.map((p) => p.value);
    const lows = points.map((p) => p.low);
    const highs = points.map((p) => p.high);
    const flagged = points.map((p) => (p.flag ? p.value : null));
    const width = Math.max(280, Math.min(760, target.clientWidth || 640));
    this.plot = new uPlot(
      {
        width,
        height: 240,
        legend: { show: true },
        scales: { x: { time: true } },
        axes: [{}, { label: series.unit }],
        series: [
          {},
          { label: series.name, stroke: '#1d4f91', width: 2, points: { show: true, size: 6 } },
          { label: '下限', stroke: '#7f8c8d', dash: [6, 4], width: 1, points: { show: false } },
          { label: '上限', stroke: '#7f8c8d', dash: [6, 4], width: 1, points: { show: false } },
          { label: '範囲外', stroke: '#c0392b', width: 0, points: { show: true, size: 9, fill: '#c0392b' }, paths: () => null },
        ],
      },
      [xs, values, lows, highs, flagged] as uPlot.AlignedData,
      target,
    );
  }
}
customElements.define('trend-chart', TrendChart);
