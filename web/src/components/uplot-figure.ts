// A chart drawn by uPlot inside a labelled figure: the lifecycle every chart of the page
// shares (draw when its data changes, size to the room it has, free the plot when it
// leaves the page). A chart says only what it draws (plan()); the table beside it carries
// the same numbers for screen readers, the chart is a picture of them.
import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

/** What to draw: uPlot's options without the width (the figure's), and the data. */
export interface ChartPlan {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
}

export abstract class UPlotFigure extends LitElement {
  static override properties = { label: {} };
  label = '';
  private plot: uPlot | null = null;

  static override styles = [unsafeCSS(uplotCss), css`
    :host { display: block; }
    figure { margin: 0; }
    .chart { min-height: 240px; }
  `];

  /** What to draw now; null when there is nothing to draw. */
  protected abstract plan(): ChartPlan | null;
  /** Whether a change of these properties redraws the chart. */
  protected abstract redrawsOn(changed: PropertyValues): boolean;

  override render() {
    return html`<figure role="img" aria-label=${this.label}><div class="chart"></div></figure>`;
  }

  override updated(changed: PropertyValues): void {
    if (this.redrawsOn(changed)) this.draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
  }

  private draw(): void {
    this.plot?.destroy();
    this.plot = null;
    const target = this.renderRoot.querySelector('.chart') as HTMLElement | null;
    const plan = target ? this.plan() : null;
    if (!target || !plan) return;
    const width = Math.max(280, Math.min(760, target.clientWidth || 640));
    this.plot = new uPlot({ ...plan.options, width }, plan.data, target);
  }
}
