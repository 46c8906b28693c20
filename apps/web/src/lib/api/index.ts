export { type ApiFetchOptions, apiFetch } from './client';
export { ApiError, isApiError } from './errors';
export type { Query } from './http';
