import { type DecodedPosition, DecodeError } from '../position';
import { decodeOsmAndParams, type OsmAndParams, readIdentifier } from './params';
import { decodeTransistorsoftLocation, isObject } from './transistorsoft';

/** An OsmAnd HTTP request as the server parsed it: query values, raw body and its content type. */
export interface OsmAndRequest {
  query: Record<string, string | string[] | undefined>;
  body?: string | Buffer;
  contentType?: string;
}

// One request of a phone that buffered while offline holds a few hundred fixes; more is abuse.
const MAX_POSITIONS_PER_REQUEST = 1000;

/**
 * Decodes an OsmAnd / Traccar Client request: query string, form body (when the query is empty) or
 * JSON (Transistorsoft `{device_id, location}` or an array of flat objects). Throws DecodeError.
 */
export function decodeOsmAnd(request: OsmAndRequest, now: Date): DecodedPosition[] {
  const queryParams = fromQuery(request.query);
  if (/^\s*application\/json/i.test(request.contentType ?? '')) {
    return decodeJson(parseJson(request.body), queryParams, now);
  }
  if (queryParams.size > 0) return [decodeOsmAndParams(queryParams, now)];
  return [decodeOsmAndParams(fromForm(bodyText(request.body)), now)];
}

function decodeJson(json: unknown, queryParams: OsmAndParams, now: Date): DecodedPosition[] {
  const items = Array.isArray(json) ? json : [json];
  if (items.length === 0) throw new DecodeError('MISSING_POSITION', 'The JSON array holds no positions.');
  if (items.length > MAX_POSITIONS_PER_REQUEST) {
    throw new DecodeError(
      'TOO_MANY_POSITIONS',
      `Send at most ${MAX_POSITIONS_PER_REQUEST} positions per request.`,
    );
  }
  const positions = items.flatMap((item): DecodedPosition[] => {
    if (!isObject(item)) throw new DecodeError('INVALID_PAYLOAD', 'Each JSON position must be an object.');
    if (!('location' in item)) return [decodeOsmAndParams(fromObject(item, queryParams), now)];
    const deviceIdentifier = readIdentifier(fromObject(item, queryParams));
    const locations = Array.isArray(item.location) ? item.location : [item.location];
    if (locations.length > MAX_POSITIONS_PER_REQUEST) {
      throw new DecodeError(
        'TOO_MANY_POSITIONS',
        `Send at most ${MAX_POSITIONS_PER_REQUEST} positions per request.`,
      );
    }
    return locations.map((location) => decodeTransistorsoftLocation(location, deviceIdentifier, now));
  });
  if (positions.length > MAX_POSITIONS_PER_REQUEST) {
    throw new DecodeError(
      'TOO_MANY_POSITIONS',
      `Send at most ${MAX_POSITIONS_PER_REQUEST} positions per request.`,
    );
  }
  return positions;
}

// A flat JSON object may leave the device id to the query string (`POST /?id=…`).
function fromObject(item: Record<string, unknown>, queryParams: OsmAndParams): OsmAndParams {
  const params: OsmAndParams = new Map();
  for (const [key, value] of Object.entries(item)) {
    if (key !== 'location') params.set(key, Array.isArray(value) ? value : [value]);
  }
  for (const key of ['id', 'deviceid', 'device_id']) {
    const value = queryParams.get(key);
    if (value && !params.has(key)) params.set(key, value);
  }
  return params;
}

function fromQuery(query: OsmAndRequest['query']): OsmAndParams {
  const params: OsmAndParams = new Map();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value : [value]);
  }
  return params;
}

function fromForm(body: string): OsmAndParams {
  const params: OsmAndParams = new Map();
  for (const [key, value] of new URLSearchParams(body)) {
    const values = params.get(key);
    if (values) values.push(value);
    else params.set(key, [value]);
  }
  return params;
}

function parseJson(body: OsmAndRequest['body']): unknown {
  const text = bodyText(body);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DecodeError('INVALID_JSON', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function bodyText(body: OsmAndRequest['body']): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : body.toString('utf8');
}
