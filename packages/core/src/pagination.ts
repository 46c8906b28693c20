export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

export const offsetOf = (p: PageRequest) => (p.page - 1) * p.pageSize;
