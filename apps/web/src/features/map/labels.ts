import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Text on the map (plates, state codes) drawn into images on demand: a symbol layer asks for
 * `plate:BRA2E19` or `place:SP` and gets a canvas rendering, so labels need no glyph server and
 * work with every base map, offline included.
 */
export function drawLabelsOnDemand(map: MapLibreMap) {
  map.setMissingStyleImageResolver((id) => {
    const [kind, ...rest] = id.split(':');
    if ((kind !== 'plate' && kind !== 'place') || map.hasImage(id)) return;
    const image = drawLabel(rest.join(':'), kind);
    if (image) map.addImage(id, image, { pixelRatio: window.devicePixelRatio || 1 });
  });
}

function drawLabel(text: string, kind: 'plate' | 'place'): ImageData | null {
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) return null;
  const font = `${kind === 'plate' ? 600 : 700} ${12 * ratio}px system-ui, sans-serif`;
  context.font = font;
  const padX = (kind === 'plate' ? 6 : 3) * ratio;
  canvas.width = Math.ceil(context.measureText(text).width + 2 * padX);
  canvas.height = Math.ceil(20 * ratio);
  context.font = font; // resizing the canvas resets its state
  context.textBaseline = 'middle';
  if (kind === 'plate') {
    context.fillStyle = 'rgba(255, 255, 255, 0.95)';
    context.strokeStyle = '#5b6b63';
    context.lineWidth = ratio;
    context.beginPath();
    context.roundRect(ratio / 2, ratio / 2, canvas.width - ratio, canvas.height - ratio, 4 * ratio);
    context.fill();
    context.stroke();
    context.fillStyle = '#17201b';
  } else {
    context.lineWidth = 3 * ratio;
    context.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    context.strokeText(text, padX, canvas.height / 2);
    context.fillStyle = '#6b7a73';
  }
  context.fillText(text, padX, canvas.height / 2);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}
