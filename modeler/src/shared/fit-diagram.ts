/** The part of diagram-js's canvas that fitting needs. */
export interface ViewboxCanvas {
  viewbox(): { inner: { x: number; y: number; width: number; height: number }; outer: { width: number; height: number } };
  viewbox(box: { x: number; y: number; width: number; height: number }): void;
}

/** Space kept free around the diagram, in screen pixels. */
const PADDING = 24;

/**
 * Shows the whole diagram, centred in the part of the canvas that tools do not cover: `left`
 * pixels (the modeler's palette) stay free, so the start event never hides under it. Never
 * zooms in past `maxScale` (a one-element diagram would fill the screen).
 */
export function fitDiagram(canvas: ViewboxCanvas, left = 0, maxScale = 1): void {
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height || !outer.width || !outer.height) return;
  const freeWidth = Math.max(1, outer.width - left - 2 * PADDING);
  const freeHeight = Math.max(1, outer.height - 2 * PADDING);
  const scale = Math.min(maxScale, freeWidth / inner.width, freeHeight / inner.height);
  canvas.viewbox({
    x: inner.x - (left + PADDING + (freeWidth - inner.width * scale) / 2) / scale,
    y: inner.y - (PADDING + (freeHeight - inner.height * scale) / 2) / scale,
    width: outer.width / scale,
    height: outer.height / scale,
  });
}

/** How far the element `selector` inside `container` reaches from its left edge, in pixels (0 when absent). */
export function coveredLeft(container: HTMLElement, selector: string): number {
  const tool = container.querySelector(selector);
  if (!tool) return 0;
  return Math.max(0, tool.getBoundingClientRect().right - container.getBoundingClientRect().left);
}
