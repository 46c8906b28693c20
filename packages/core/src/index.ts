export { ConnectionErrors, type ReportSink } from './connection-errors';
export { csvCell } from './csv';
export { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from './errors';
export { offsetOf, type Page, type PageRequest } from './pagination';
export { checkTimeZone, type Period, parsePeriod, startOfLocalDay } from './period';
export type { Queryable } from './queryable';
