export {
  bullPrefix,
  ETL_JOBS,
  type EtlJob,
  type EtlJobData,
  isEtlJob,
  queueNameOf,
  schedulerIdOf,
} from './catalog';
export { EtlQueues } from './producer';
