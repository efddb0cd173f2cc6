import { fitDiagram, type ViewboxCanvas } from './fit-diagram';

/** The part of diagram-js's canvas the buttons use. */
export type ZoomableCanvas = ViewboxCanvas & { zoom(level?: number): number };

/**
 * Zoom in, zoom out and fit, for a diagram-js canvas. `canvas` answers the canvas when there is
 * one; `coveredLeft` tells how much of the canvas a palette hides, so Fit keeps clear of it.
 */
export function ZoomControls({ canvas, coveredLeft }: { canvas: () => ZoomableCanvas | undefined; coveredLeft?: () => number }) {
  const zoomBy = (factor: number) => {
    const c = canvas();
    if (c) c.zoom(c.zoom() * factor);
  };
  return (
    <div class="bpmn-diagram-zoom" role="group" aria-label="Zoom">
      <button type="button" class="icon-btn" aria-label="Zoom in" onClick={() => zoomBy(1.2)}>
        +
      </button>
      <button type="button" class="icon-btn" aria-label="Zoom out" onClick={() => zoomBy(1 / 1.2)}>
        −
      </button>
      <button
        type="button"
        class="icon-btn"
        aria-label="Fit diagram"
        onClick={() => {
          const c = canvas();
          if (c) fitDiagram(c, coveredLeft?.() ?? 0);
        }}
      >
        ⤢
      </button>
    </div>
  );
}
