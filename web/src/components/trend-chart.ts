// One analyte over time: the values, the reference range as dashed lines, and
// out-of-range values as red points.
import type { PropertyValues } from 'lit';
import type uPlot from 'uplot';
import type { AnalyteSeries } from '@techo/core';
import { UPlotFigure, type ChartPlan } from './uplot-figure.js';

export class TrendChart extends UPlotFigure {
  static override properties = { ...UPlotFigure.properties, series: { attribute: false } };
  series: AnalyteSeries | null = null;

  protected override redrawsOn(changed: PropertyValues): boolean {
    return changed.has('series');
  }

  protected override plan(): ChartPlan | null {
    const series = this.series;
    if (!series) return null;
    const points = series.points.filter((p) => p.value !== null && p.date);
    if (points.length === 0) return null;
    const xs = points.map((p) => Date.parse(p.date.length === 10 ? `${p.date}T00:00:00Z` : p.date) / 1000);
    const values = points.map((p) => p.value);
    const lows = points.map((p) => p.low);
    const highs = points.map((p) => p.high);
    const flagged = points.map((p) => (p.flag ? p.value : null));
    return {
      options: {
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
      data: [xs, values, lows, highs, flagged] as uPlot.AlignedData,
    };
  }
}
customElements.define('trend-chart', TrendChart);
