import type { PageRequest } from '@pioneira/core';
import { type DriverSort, type DriverSystemFilter, fold, TYPO_MIN_LETTERS } from './drivers.repository';

/** What the search reads of a driver: the projection of drivers and driver_name_words. */
export interface IndexedDriver {
  id: string;
  searchName: string;
  /** The words of the name as driver_name_words holds them. */
  words: string[];
  employeeNumber: string | null;
  isSystem: boolean;
}

interface Entry extends IndexedDriver {
  idNum: bigint;
  employeeLower: string | null;
}

// Code-point order, which is what a C / C.UTF-8 collation sorts by (the projection is only used then).
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareId = (a: Entry, b: Entry) => (a.idNum < b.idNum ? -1 : a.idNum > b.idNum ? 1 : 0);

/**
 * The drivers' searchable words in memory, answering DriversRepository.search's ranking for a term
 * (same matches, ranks, order and totals): every query word a prefix of a name word, ranked exact
 * name, name prefix, word prefix; employee numbers; and, when those fill less than the first page,
 * the typo rank (edit distance 1 from five letters, 2 from eight, word by word).
 */
export class DriverIndex {
  private readonly drivers = new Map<string, Entry>();
  /** Name word → drivers having it; `sortedWords` is its key list in order, rebuilt when stale. */
  private readonly byWord = new Map<string, Set<Entry>>();
  private sortedWords: string[] | undefined;

  get size(): number {
    return this.drivers.size;
  }

  clear(): void {
    this.drivers.clear();
    this.byWord.clear();
    this.sortedWords = undefined;
  }

  put(driver: IndexedDriver): void {
    this.remove(driver.id);
    const entry: Entry = {
      ...driver,
      idNum: BigInt(driver.id),
      employeeLower: driver.employeeNumber?.toLowerCase() ?? null,
    };
    this.drivers.set(driver.id, entry);
    for (const word of new Set(driver.words)) {
      let set = this.byWord.get(word);
      if (!set) {
        set = new Set();
        this.byWord.set(word, set);
        this.sortedWords = undefined;
      }
      set.add(entry);
    }
  }

  remove(id: string): void {
    const entry = this.drivers.get(id);
    if (!entry) return;
    this.drivers.delete(id);
    for (const word of new Set(entry.words)) {
      const set = this.byWord.get(word);
      set?.delete(entry);
      if (set?.size === 0) {
        this.byWord.delete(word);
        this.sortedWords = undefined;
      }
    }
  }

  /** The page of driver ids for a non-empty term, in order, and the total. */
  search(
    term: string,
    sort: DriverSort,
    page: PageRequest,
    system: DriverSystemFilter,
  ): { ids: string[]; total: number } {
    const keep = (e: Entry) => (system === 'include' ? true : system === 'only' ? e.isSystem : !e.isSystem);
    const t = fold(term);
    const lowered = term.toLowerCase();
    // The SQL compares the LIKE-escaped term's length; kept so both answer alike.
    const escapedLength = lowered.replace(/[\\%_]/g, '\\$&').length;
    const words = t.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const ranks = new Map<Entry, number>();
    const rankOf = (e: Entry, rank: number) => {
      const seen = ranks.get(e);
      if (seen === undefined || rank < seen) ranks.set(e, rank);
    };
    if (words.length > 0) {
      for (const e of this.every(words.map((w) => this.withPrefix(w))))
        if (keep(e)) rankOf(e, e.searchName === t ? 0 : e.searchName.startsWith(t) ? 1 : 2);
    }
    for (const e of this.drivers.values()) {
      const n = e.employeeLower;
      if (n === null || !keep(e)) continue;
      if (escapedLength >= 3 ? n.includes(lowered) : n.startsWith(lowered))
        rankOf(e, n === lowered ? 0 : n.startsWith(lowered) ? 1 : 2);
    }
    const offset = (page.page - 1) * page.pageSize;
    const matches = [...ranks.keys()].sort(this.order(sort, ranks));
    const ids = matches.slice(offset, offset + page.pageSize).map((e) => e.id);
    const total = matches.length;
    const typoWords = words.filter((w) => w.length >= TYPO_MIN_LETTERS);
    if (total >= page.pageSize || page.page > 1 || typoWords.length === 0) return { ids, total };
    const perWord = words.map((w) => {
      if (w.length < TYPO_MIN_LETTERS) return this.withPrefix(w);
      const k = w.length >= 8 ? 2 : 1;
      const found = new Set(this.withPrefix(w));
      for (const word of this.words())
        if (Math.abs(word.length - w.length) <= k && withinDistance(word, w, k))
          for (const e of this.byWord.get(word) ?? []) found.add(e);
      return found;
    });
    const similar = [...this.every(perWord)]
      .filter((e) => keep(e) && !ranks.has(e))
      .sort(this.order(sort, new Map()));
    return {
      ids: [...ids, ...similar.slice(0, page.pageSize - ids.length).map((e) => e.id)],
      total: total + similar.length,
    };
  }

  private order(sort: DriverSort, ranks: Map<Entry, number>) {
    const byName = (a: Entry, b: Entry) => compareText(a.searchName, b.searchName) || compareId(a, b);
    if (sort === 'relevance')
      return (a: Entry, b: Entry) => (ranks.get(a) ?? 3) - (ranks.get(b) ?? 3) || byName(a, b);
    if (sort === 'name') return byName;
    if (sort === '-name')
      return (a: Entry, b: Entry) => compareText(b.searchName, a.searchName) || compareId(a, b);
    const direction = sort === 'employeeNumber' ? 1 : -1;
    return (a: Entry, b: Entry) => {
      if (a.employeeNumber === b.employeeNumber) return compareId(a, b);
      if (a.employeeNumber === null) return 1; // NULLS LAST either way
      if (b.employeeNumber === null) return -1;
      return direction * compareText(a.employeeNumber, b.employeeNumber) || compareId(a, b);
    };
  }

  private words(): string[] {
    this.sortedWords ??= [...this.byWord.keys()].sort(compareText);
    return this.sortedWords;
  }

  /** The drivers with a name word starting with `prefix` (binary search over the sorted words). */
  private withPrefix(prefix: string): Set<Entry> {
    const words = this.words();
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found = new Set<Entry>();
    for (let i = lo; i < words.length && words[i].startsWith(prefix); i++)
      for (const e of this.byWord.get(words[i]) ?? []) found.add(e);
    return found;
  }

  /** The drivers in every set (smallest first). */
  private every(sets: Set<Entry>[]): Set<Entry> {
    if (sets.length === 0) return new Set();
    const [first, ...rest] = [...sets].sort((a, b) => a.size - b.size);
    const found = new Set<Entry>();
    for (const e of first) if (rest.every((s) => s.has(e))) found.add(e);
    return found;
  }
}

/** Whether the edit distance of a and b (by code point) is at most k: levenshtein_less_equal. */
function withinDistance(a: string, b: string, k: number): boolean {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > k) return false;
    previous = current;
  }
  return previous[y.length] <= k;
}
