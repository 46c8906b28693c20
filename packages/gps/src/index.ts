export type { Device, DeviceProtocol, DeviceRef } from './devices/device';
export { DEVICE_PROTOCOLS } from './devices/device';
export { DeviceDirectory } from './devices/device-directory';
export type { DeviceStatus, DeviceWithStatus } from './devices/device-status';
export { hashDeviceToken, newDeviceSecret, newDeviceToken } from './devices/device-token';
export type { DeviceFields } from './devices/devices.repository';
export { DevicesService, type DevicesServiceOptions } from './devices/devices.service';
export { DeviceSecretError, FixTimeError, OverloadedError, UnknownDeviceError } from './errors';
export { FixWindow, type FixWindowOptions } from './ingest/fix-window';
export {
  type DeviceCredentials,
  type IngestOptions,
  type IngestResult,
  IngestService,
} from './ingest/ingest.service';
export { DEVICE_BUCKETS, gpsSplitters, positionsSplitter } from './ingest/positions-splitter';
export type { RefusalReason, Refusals } from './ingest/refusals';
export { decodeWire, encodeWire, type WirePosition, wireSpeedKmh } from './ingest/wire-record';
export { latestFromPostgres } from './latest/latest.repository';
export {
  LATEST_GROUP,
  LatestConsumer,
  type LatestConsumerOptions,
} from './latest/latest-consumer';
export type { LatestPosition } from './latest/latest-position';
export { LatestStore } from './latest/latest-store';
export { LatestView, type LatestViewOptions } from './latest/latest-view';
export {
  ConnectionGuard,
  type ConnectionLimits,
  type ConnectionRefusal,
  DEFAULT_CONNECTION_LIMITS,
} from './listeners/connection-guard';
export { basicAuth, type DeviceReply, deviceErrorReply, handleOsmAnd } from './listeners/osmand-handler';
export { startOsmAndServer } from './listeners/osmand-server';
export { startOwnTracksMqtt } from './listeners/owntracks-mqtt';
export { startTeltonikaServer } from './listeners/teltonika-server';
export {
  startTrackerServer,
  type TrackerNotice,
  type TrackerServer,
  type TrackerServerOptions,
} from './listeners/tracker-server';
export {
  type DatagramDecoder,
  type DatagramLimits,
  DEFAULT_DATAGRAM_LIMITS,
  sessionDecoder,
  startUdpServer,
  teltonikaDatagramDecoder,
  type UdpServer,
  type UdpServerOptions,
} from './listeners/udp-server';
export { PositionsService, TRACK_POINT_CAP } from './track/positions.service';
export { type TrackPoint, thinByTime } from './track/simplify';
