export type { Fleet, MixAsset, MixDriver, MixGroup, MixLibraryEvent } from './fleet';
export { DEFAULT_FAULTS, DEFAULT_OPTIONS, type MixFaults, type MixSimulatorOptions } from './options';
export { MIX_SCOPE } from './routes/identity';
export { createMixSimulator, type MixSimulator } from './simulator';
export { formatSinceToken, parseSinceToken } from './since-token';
