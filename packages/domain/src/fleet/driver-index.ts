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
  /** Place in (search name, id) order; valid while `byName` is. */
  ordinal: number;
}

/** Sort keys are rank × ORDINALS + place in name order: room for a billion drivers. */
const ORDINALS = 1e9;

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
  /** Three-letter parts of the lower-cased employee numbers → drivers: "a part of the number" finds them. */
  private readonly byTrigram = new Map<string, Set<Entry>>();
  /** Drivers with an employee number, sorted by it lower-cased, for prefixes; rebuilt when stale. */
  private byEmployee: Entry[] | undefined;
  private byName: Entry[] | undefined;

  get size(): number {
    return this.drivers.size;
  }

  clear(): void {
    this.drivers.clear();
    this.byWord.clear();
    this.sortedWords = undefined;
    this.byTrigram.clear();
    this.byEmployee = undefined;
    this.byName = undefined;
  }

  put(driver: IndexedDriver): void {
    this.remove(driver.id);
    this.byName = undefined;
    const entry: Entry = {
      ...driver,
      idNum: BigInt(driver.id),
      employeeLower: driver.employeeNumber?.toLowerCase() ?? null,
      ordinal: -1,
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
    if (entry.employeeLower !== null) {
      this.byEmployee = undefined;
      for (const part of trigrams(entry.employeeLower)) {
        let set = this.byTrigram.get(part);
        if (!set) {
          set = new Set();
          this.byTrigram.set(part, set);
        }
        set.add(entry);
      }
    }
  }

  remove(id: string): void {
    const entry = this.drivers.get(id);
    if (!entry) return;
    this.drivers.delete(id);
    this.byName = undefined;
    for (const word of new Set(entry.words)) {
      const set = this.byWord.get(word);
      set?.delete(entry);
      if (set?.size === 0) {
        this.byWord.delete(word);
        this.sortedWords = undefined;
      }
    }
    if (entry.employeeLower !== null) {
      this.byEmployee = undefined;
      for (const part of trigrams(entry.employeeLower)) {
        const set = this.byTrigram.get(part);
        set?.delete(entry);
        if (set?.size === 0) this.byTrigram.delete(part);
      }
    }
  }

  /** Builds the orders a search needs now, off the request path (after a load or a change). */
  prepare(): void {
    this.words();
    this.nameOrder();
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
      const byPrefix = words.map((w) => ({
        words: this.prefixRange(w),
        test: (word: string) => word.startsWith(w),
      }));
      this.eachMatching(byPrefix, (e) => {
        if (keep(e)) rankOf(e, e.searchName === t ? 0 : e.searchName.startsWith(t) ? 1 : 2);
      });
    }
    for (const e of this.employeeCandidates(lowered, escapedLength >= 3)) {
      const n = e.employeeLower;
      if (n === null || !keep(e)) continue;
      if (escapedLength >= 3 ? n.includes(lowered) : n.startsWith(lowered))
        rankOf(e, n === lowered ? 0 : n.startsWith(lowered) ? 1 : 2);
    }
    const offset = (page.page - 1) * page.pageSize;
    const matches = this.sorted([...ranks.keys()], sort, ranks);
    const ids = matches.slice(offset, offset + page.pageSize).map((e) => e.id);
    const total = matches.length;
    const typoWords = words.filter((w) => w.length >= TYPO_MIN_LETTERS);
    if (total >= page.pageSize || page.page > 1 || typoWords.length === 0) return { ids, total };
    // Each query word matches a name word by prefix or within its edit distance; every word must match.
    const perWord = words.map((w) => {
      const prefixed = this.prefixRange(w);
      if (w.length < TYPO_MIN_LETTERS) return { words: prefixed, test: (word: string) => word.startsWith(w) };
      const k = w.length >= 8 ? 2 : 1;
      const near = new Set(prefixed);
      for (const word of this.words())
        if (Math.abs(word.length - w.length) <= k && withinDistance(word, w, k)) near.add(word);
      return { words: [...near], test: (word: string) => near.has(word) };
    });
    const similarFound: Entry[] = [];
    this.eachMatching(perWord, (e) => {
      if (keep(e) && !ranks.has(e)) similarFound.push(e);
    });
    const similar = this.sorted(similarFound, sort, new Map());
    return {
      ids: [...ids, ...similar.slice(0, page.pageSize - ids.length).map((e) => e.id)],
      total: total + similar.length,
    };
  }

  /** Sorted as the SQL orders them; by rank and name through numeric keys (thousands of matches). */
  private sorted(entries: Entry[], sort: DriverSort, ranks: Map<Entry, number>): Entry[] {
    if (sort !== 'relevance' && sort !== 'name') return entries.sort(this.order(sort));
    const byOrdinal = this.nameOrder();
    const keys = new Float64Array(entries.length);
    for (let i = 0; i < entries.length; i++)
      keys[i] = (sort === 'relevance' ? (ranks.get(entries[i]) ?? 3) : 0) * ORDINALS + entries[i].ordinal;
    keys.sort();
    return Array.from(keys, (key) => byOrdinal[key % ORDINALS]);
  }

  /** The drivers in (search name, id) order, each knowing its place; computed again after a change. */
  private nameOrder(): Entry[] {
    if (!this.byName) {
      const all = [...this.drivers.values()].sort(
        (a, b) => compareText(a.searchName, b.searchName) || compareId(a, b),
      );
      all.forEach((e, i) => {
        e.ordinal = i;
      });
      this.byName = all;
    }
    return this.byName;
  }

  private order(sort: DriverSort) {
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

  /** Drivers whose employee number may contain (or start with) `lowered`; checked by the caller. */
  private employeeCandidates(lowered: string, anywhere: boolean): Iterable<Entry> {
    if (anywhere && lowered.length >= 3) {
      // The narrowest part's drivers; the caller checks the whole term on each.
      let narrowest: Set<Entry> | undefined;
      for (const part of trigrams(lowered)) {
        const set = this.byTrigram.get(part);
        if (!set) return [];
        if (!narrowest || set.size < narrowest.size) narrowest = set;
      }
      return narrowest ?? [];
    }
    if (anywhere) return this.drivers.values(); // a two-letter term with LIKE escapes: rare, scanned
    this.byEmployee ??= [...this.drivers.values()]
      .filter((e) => e.employeeLower !== null)
      .sort((a, b) => compareText(a.employeeLower as string, b.employeeLower as string));
    const sorted = this.byEmployee;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid].employeeLower as string) < lowered) lo = mid + 1;
      else hi = mid;
    }
    const found: Entry[] = [];
    for (let i = lo; i < sorted.length && (sorted[i].employeeLower as string).startsWith(lowered); i++)
      found.push(sorted[i]);
    return found;
  }

  private words(): string[] {
    this.sortedWords ??= [...this.byWord.keys()].sort(compareText);
    return this.sortedWords;
  }

  /** The name words starting with `prefix` (binary search over the sorted words). */
  private prefixRange(prefix: string): string[] {
    const words = this.words();
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < words.length && words[end].startsWith(prefix)) end++;
    return words.slice(lo, end);
  }

  /**
   * Calls `found` once for each driver with, for every condition, a name word among its `words`:
   * the drivers of the narrowest condition are walked, the others checked on each driver's own words
   * (a name has a few), so no set of thousands is built per search.
   */
  private eachMatching(
    conditions: Array<{ words: string[]; test: (word: string) => boolean }>,
    found: (e: Entry) => void,
  ): void {
    let narrowest = 0;
    let least = Number.POSITIVE_INFINITY;
    conditions.forEach((c, i) => {
      let n = 0;
      for (const word of c.words) n += this.byWord.get(word)?.size ?? 0;
      if (n < least) {
        least = n;
        narrowest = i;
      }
    });
    const others = conditions.filter((_, i) => i !== narrowest);
    const walk = conditions[narrowest];
    const seen = walk.words.length > 1 ? new Set<Entry>() : undefined;
    for (const word of walk.words)
      for (const e of this.byWord.get(word) ?? []) {
        if (seen) {
          if (seen.has(e)) continue;
          seen.add(e);
        }
        if (others.every((c) => e.words.some(c.test))) found(e);
      }
  }
}

function trigrams(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i + 3 <= text.length; i++) parts.push(text.slice(i, i + 3));
  return parts;
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
