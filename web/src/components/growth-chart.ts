// One measurement over a child's age, drawn by uPlot: age in years on the x axis (not
// calendar time, as the growth charts of the 母子健康手帳 draw it), the values as a line
// with points. The table beside it carries the same numbers for screen readers; the chart
// is a picture of them (a labelled figure). trend-chart draws lab results over dates with
// reference ranges, which a growth curve does not have.
import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { GrowthSeries } from '@techo/core';

export class GrowthChart extends LitElement {
  static override properties = { series: { attribute: false }, label: {}, axis: {} };
  series: GrowthSeries | null = null;
  label = '';
  /** The x axis' label ("年齢（歳）"). */
  axis = '';
  private plot: uPlot | null = null;

  static override styles = [unsafeCSS(uplotCss), css`
    :host { display: block; }
    figure { margin: 0; }
    .chart { min-height: 220px; }
  `];

  override render() {
    return html`<figure role="img" aria-label=${this.label}><div class="chart"></div></figure>`;
  }

  override updated(changed: PropertyValues): void {
    if (changed.has('series') || changed.has('axis')) this.draw();
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
    const points = series.points.filter((p) => p.value !== null);
    if (points.length === 0) return;
    const width = Math.max(280, Math.min(760, target.clientWidth || 640));
    this.plot = new uPlot(
      {
        width,
        height: 220,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [{ label: this.axis }, { label: series.unit }],
        series: [{}, { label: series.name, stroke: '#1d4f91', width: 2, points: { show: true, size: 7 } }],
      },
      [points.map((p) => p.ageYears), points.map((p) => p.value)] as uPlot.AlignedData,
      target,
    );
  }
}
customElements.define('growth-chart', GrowthChart);
