/** A rectangular street grid over a city: streets run north–south and east–west at even spacing. */
export interface CityGrid {
  name: string;
  /** South-west corner of the grid, degrees. */
  south: number;
  west: number;
  /** Number of east–west streets (rows) and north–south streets (columns). */
  rows: number;
  columns: number;
  /** Distance between neighbouring streets, degrees of latitude / longitude. */
  latStep: number;
  lonStep: number;
  /** Every `avenueEvery`-th street is an avenue: faster traffic, where speeding happens. */
  avenueEvery: number;
  /** Ground altitude of the city, metres. */
  altitude: number;
}

/** A grid node: the crossing of row `row` (east–west street) and column `col` (north–south street). */
export interface Node {
  row: number;
  col: number;
}

/** Headings in degrees from north; a vehicle always drives along one of the four. */
export type Heading = 0 | 90 | 180 | 270;

const METRES_PER_DEGREE_LAT = 111_320;

/**
 * São Paulo's centre (Sé, lat −23.55, lon −46.63) with a block every ~200 m over a ~8 km square:
 * a 41 × 41 grid whose every 5th street is an avenue.
 */
export function saoPauloGrid(): CityGrid {
  const rows = 41;
  const columns = 41;
  const latStep = 200 / METRES_PER_DEGREE_LAT;
  const lonStep = 200 / (METRES_PER_DEGREE_LAT * Math.cos((-23.55 * Math.PI) / 180));
  return {
    name: 'São Paulo',
    south: -23.55 - (latStep * (rows - 1)) / 2,
    west: -46.63 - (lonStep * (columns - 1)) / 2,
    rows,
    columns,
    latStep,
    lonStep,
    avenueEvery: 5,
    altitude: 760,
  };
}

/** The bounding box of the grid, degrees. */
export function bounds(city: CityGrid) {
  return {
    south: city.south,
    west: city.west,
    north: city.south + city.latStep * (city.rows - 1),
    east: city.west + city.lonStep * (city.columns - 1),
  };
}

export const nodeLatitude = (city: CityGrid, row: number) => city.south + row * city.latStep;
export const nodeLongitude = (city: CityGrid, col: number) => city.west + col * city.lonStep;

/** Length of one block along a heading, metres. */
export function blockLength(city: CityGrid, heading: Heading): number {
  const metresLat = city.latStep * METRES_PER_DEGREE_LAT;
  const metresLon = city.lonStep * METRES_PER_DEGREE_LAT * Math.cos((nodeLatitude(city, 0) * Math.PI) / 180);
  return heading === 0 || heading === 180 ? metresLat : metresLon;
}

/** The node one block away in `heading`, or null past the edge of the grid. */
export function neighbour(city: CityGrid, node: Node, heading: Heading): Node | null {
  const next = {
    row: node.row + (heading === 0 ? 1 : heading === 180 ? -1 : 0),
    col: node.col + (heading === 90 ? 1 : heading === 270 ? -1 : 0),
  };
  const inside = next.row >= 0 && next.row < city.rows && next.col >= 0 && next.col < city.columns;
  return inside ? next : null;
}

/** Whether the street a vehicle drives on, leaving `node` in `heading`, is an avenue. */
export function isAvenue(city: CityGrid, node: Node, heading: Heading): boolean {
  // Driving north/south follows a column street; east/west follows a row street.
  const street = heading === 0 || heading === 180 ? node.col : node.row;
  return street % city.avenueEvery === 0;
}
