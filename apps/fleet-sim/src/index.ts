export { bounds, type CityGrid, saoPauloGrid } from './city';
export {
  buildFleet,
  DEFAULT_PROTOCOL_MIX,
  type ProtocolMix,
  SIM_PROTOCOLS,
  type SimDevice,
  type SimProtocol,
} from './fleet';
export { type FleetSim, type FleetSimOptions, startFleetSim } from './fleet-sim';
export {
  type DeviceSpec,
  type DeviceTokens,
  type Provisioner,
  provisionDevices,
  sqlProvisioner,
} from './provision';
export { type ApiProvisionOptions, apiProvisioner, ProvisionError } from './provision-api';
export { Random } from './random';
export { answerCommand, takeCommands } from './senders/teltonika-commands';
export { TeltonikaLink } from './senders/teltonika-link';
export { trackerCommandReader } from './senders/tracker-commands';
export { trackerChannel } from './senders/trackers';
export type { FleetStats, ProtocolStats } from './stats';
export { Vehicle, type VehicleState } from './vehicle';
export { type Fix, jsonBatchBody, osmandQuery, teltonikaRecord } from './wire';
