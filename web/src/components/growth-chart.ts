// One measurement over a child's age: age in years on the x axis (not calendar time, as
// the growth charts of the 母子健康手帳 draw it), the values as a line with points.
// trend-chart draws lab results over dates with reference ranges, which a growth curve
// does not have.
import { css, type PropertyValues } from 'lit';
import type uPlot from 'uplot';
import type { GrowthSeries } from '@techo/core';
import { UPlotFigure, type ChartPlan } from './uplot-figure.js';

export class GrowthChart extends UPlotFigure {
  static override properties = { ...UPlotFigure.properties, series: { attribute: false }, axis: {} };
  series: GrowthSeries | null = null;
  /** The x axis' label ("年齢（歳）"). */
  axis = '';

  static override styles = [...UPlotFigure.styles, css`.chart { min-height: 220px; }`];

  protected override redrawsOn(changed: PropertyValues): boolean {
    return changed.has('series') || changed.has('axis');
  }

  protected override plan(): ChartPlan | null {
    const series = this.series;
    if (!series) return null;
    const points = series.points.filter((p) => p.value !== null);
    if (points.length === 0) return null;
    return {
      options: {
        height: 220,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [{ label: this.axis }, { label: series.unit }],
        series: [{}, { label: series.name, stroke: '#1d4f91', width: 2, points: { show: true, size: 7 } }],
      },
      data: [points.map((p) => p.ageYears), points.map((p) => p.value)] as uPlot.AlignedData,
    };
  }
}
customElements.define('growth-chart', GrowthChart);
