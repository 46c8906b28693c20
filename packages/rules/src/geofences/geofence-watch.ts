import type { Sql } from '@pioneira/db';
import { PG_CHANNELS } from '@pioneira/pipeline';
import { GeofenceIndex } from './geofence-index';
import { geofenceRecords } from './geofences.repository';

/**
 * Keeps a GeofenceIndex equal to the geofences table: loaded whole at start and on every
 * (re)connection of the LISTEN, one geofence reloaded on each change notice. Changes apply in the
 * order they arrive; a reload that fails is retried by the next notice or reconnection.
 */
export class GeofenceWatch {
  private chain: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly sql: Sql,
    readonly index: GeofenceIndex = new GeofenceIndex(),
    private readonly onError: (error: unknown) => void = console.error,
  ) {}

  async start(): Promise<void> {
    const { unlisten } = await this.sql.listen(
      PG_CHANNELS.geofences,
      (id) => this.enqueue(() => this.refresh(id)),
      () => this.enqueue(() => this.reloadAll()),
    );
    this.unlisten = unlisten;
    await this.enqueue(() => this.reloadAll());
  }

  async stop(): Promise<void> {
    await this.unlisten?.().catch(() => {});
    await this.chain;
  }

  /** Resolves when every change noticed so far is in the index. */
  settled(): Promise<void> {
    return this.chain;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch(this.onError);
    return this.chain;
  }

  private async reloadAll(): Promise<void> {
    this.index.load(await geofenceRecords(this.sql));
  }

  private async refresh(id: string): Promise<void> {
    if (!/^\d+$/.test(id)) return;
    const [record] = await geofenceRecords(this.sql, [id]);
    if (record) this.index.put(record);
    else this.index.remove(id);
  }
}
