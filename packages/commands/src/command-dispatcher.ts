import type { Sql } from '@pioneira/db';
import {
  CommandEncodeError,
  type CommandSessionHandle,
  type CommandSessionLink,
  type CommandSessions,
  commandAnswerOutcome,
  renderCommand,
} from '@pioneira/protocols';
import { commandsRepository as repo } from './commands.repository';

const CHANNEL = 'pioneira_commands';
const UNIQUE_VIOLATION = '23505';

export interface DispatcherOptions {
  /** How often to look for due work a notification may have missed (expiry, unanswered, queued). */
  pollMs: number;
  /** A sent command without an answer for this long fails, so the next one can go. */
  answerTimeoutSeconds: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

interface Session {
  /** The order the sessions were opened in: a device's newest open session is the one written to. */
  seq: number;
  link: CommandSessionLink;
  deviceId: string;
  vehicleId: string | null;
  /** The command written to this connection and not yet answered on it. */
  inFlight: string | null;
}

/**
 * Delivers queued commands to the device sessions open in this process. A new command NOTIFYs its
 * device id; each process that holds that device's session tries to send, and the queued → sent
 * transition (one row lock, one in-flight command per device, a unique index) lets exactly one win.
 * The device's answer acknowledges the command in flight and lets the next go. A poll catches what a
 * notification missed and expires or fails commands that waited too long.
 */
export class CommandDispatcher implements CommandSessions {
  private readonly sessions = new DeviceSessions();
  private opened = 0;
  private readonly turns = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;

  constructor(
    private readonly sql: Sql,
    private readonly options: DispatcherOptions,
  ) {}

  async start(): Promise<void> {
    const { unlisten } = await this.sql.listen(
      CHANNEL,
      (deviceId) => this.deliver(deviceId),
      // (Re)connected: notifications sent meanwhile were missed.
      () => this.deliverAll(),
    );
    this.unlisten = unlisten;
    this.timer = setInterval(() => void this.sweep(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unlisten?.().catch(() => {});
    await Promise.allSettled([...this.turns.values()]);
  }

  open(link: CommandSessionLink): CommandSessionHandle {
    let session: Session | undefined;
    const seq = ++this.opened;
    const ready = repo.deviceByIdentifier(this.sql, link.identifier).then((device) => {
      if (!device) return;
      session = { seq, link, deviceId: device.id, vehicleId: device.vehicleId, inFlight: null };
      this.sessions.add(session);
      this.deliver(device.id);
    });
    ready.catch((error) => this.options.log?.('command session lookup failed', { err: String(error) }));
    return {
      answered: (text) => {
        void ready.then(() => session && this.answered(session, text));
      },
      writable: () => {
        void ready.then(() => session && this.deliver(session.deviceId));
      },
      closed: () => {
        void ready.then(() => {
          // Another connection of the device still open takes over (what waits is delivered to it).
          if (session && this.sessions.remove(session)) this.deliver(session.deviceId);
        });
      },
    };
  }

  /** Runs `work` after the previous work of the same device in this process. */
  private serial(deviceId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.turns.get(deviceId) ?? Promise.resolve()).then(work).catch((error) => {
      this.options.log?.('command delivery failed', { deviceId, err: String(error) });
    });
    this.turns.set(deviceId, next);
    void next.finally(() => {
      if (this.turns.get(deviceId) === next) this.turns.delete(deviceId);
    });
    return next;
  }

  /** Sends the device's next queued command if its session is open here and none is in flight. */
  private deliver(deviceId: string): void {
    if (this.stopped || !this.sessions.current(deviceId)) return;
    void this.serial(deviceId, () => this.sendNext(deviceId));
  }

  private deliverAll(): void {
    for (const deviceId of this.sessions.devices()) this.deliver(deviceId);
  }

  private async sendNext(deviceId: string): Promise<void> {
    const session = this.sessions.current(deviceId);
    // A UDP device between datagrams cannot be reached: its commands wait for the next one.
    if (!session || session.link.writable?.() === false) return;
    const settings = await repo.settings(this.sql);
    let sent: { id: string; bytes: Buffer } | undefined;
    try {
      sent = await this.sql.begin(async (tx) => {
        const command = await repo.lockNextQueued(tx, deviceId);
        if (!command) return undefined;
        if (command.type === 'engine_block' && settings.blockMaxSpeedKmh !== null) {
          // The speed rule holds at delivery too: a block queued while parked waits if the vehicle now moves.
          const fix = await repo.latestFix(tx, deviceId, settings.speedWindowMinutes);
          if (fix?.speedKmh != null && fix.speedKmh > settings.blockMaxSpeedKmh) return undefined;
        }
        let encoded: ReturnType<typeof renderCommand>;
        try {
          encoded = renderCommand(
            session.link.protocol,
            session.link.identifier,
            { type: command.type, text: command.text ?? undefined },
            settings.profile,
          );
        } catch (error) {
          if (!(error instanceof CommandEncodeError)) throw error;
          await repo.markFailed(tx, command.id, error.message);
          await repo.addAudit(tx, {
            commandId: command.id,
            deviceId,
            vehicleId: command.vehicleId,
            action: 'failed',
            reason: error.message,
          });
          return undefined;
        }
        await repo.markSent(tx, command.id, encoded.text);
        await repo.addAudit(tx, {
          commandId: command.id,
          deviceId,
          vehicleId: command.vehicleId,
          action: 'sent',
          detail: {
            text: encoded.text,
            bytes: encoded.bytes.toString('hex'),
            protocol: session.link.protocol,
          },
        });
        return { id: command.id, bytes: encoded.bytes };
      });
    } catch (error) {
      // Another process sent this device's command first: it is in flight there, nothing to do here.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return;
      throw error;
    }
    if (!sent) return;
    session.inFlight = sent.id;
    if (!session.link.write(sent.bytes)) {
      session.inFlight = null;
      await repo.requeue(this.sql, sent.id);
      await repo.addAudit(this.sql, {
        commandId: sent.id,
        deviceId,
        vehicleId: session.vehicleId,
        action: 'failed',
        reason: 'The session closed before the command was written; it is queued again.',
      });
    }
  }

  /**
   * An answer closes only the command written to the same connection: another connection claiming
   * the device (these protocols carry no secret) cannot acknowledge what it never received. An answer
   * saying the device did not carry the command out (GT06 "…: Fail!", H02 `V4,…,ERROR`) fails it.
   */
  private answered(session: Session, text: string): void {
    void this.serial(session.deviceId, async () => {
      const inFlight = session.inFlight;
      session.inFlight = null;
      const refused = commandAnswerOutcome(session.link.protocol, text) === 'failed';
      const closed = await this.sql.begin(async (tx) => {
        const command = !inFlight
          ? undefined
          : refused
            ? await repo.failByAnswer(tx, session.deviceId, inFlight, text)
            : await repo.acknowledge(tx, session.deviceId, inFlight, text);
        await repo.addAudit(tx, {
          commandId: command?.id ?? null,
          deviceId: session.deviceId,
          vehicleId: command?.vehicleId ?? session.vehicleId,
          action: !command ? 'unsolicited_answer' : refused ? 'failed' : 'answered',
          reason: command && refused ? 'The tracker answered that it did not carry out the command.' : null,
          detail: { response: text },
        });
        return command;
      });
      if (closed) await this.sendNext(session.deviceId);
    });
  }

  /** The safety net: expire, fail the unanswered, and deliver what waits for a session open here. */
  private async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      await repo.expireDue(this.sql);
      await repo.failUnanswered(this.sql, this.options.answerTimeoutSeconds);
      for (const deviceId of await repo.devicesWithQueued(this.sql, this.sessions.devices()))
        this.deliver(deviceId);
    } catch (error) {
      this.options.log?.('command sweep failed', { err: String(error) });
    }
  }
}

/**
 * The open command sessions of each device in this process. A device may hold two connections for a
 * while (it reconnected before its old socket was known dead, or another unit claims its identifier):
 * the newest opened is the one commands go to, and one that closes takes out only itself.
 */
class DeviceSessions {
  private readonly byDevice = new Map<string, Session[]>();

  add(session: Session): void {
    const open = [...(this.byDevice.get(session.deviceId) ?? []), session];
    // The device lookups of two opens may finish in either order: keep the order they were opened in.
    this.byDevice.set(
      session.deviceId,
      open.sort((a, b) => a.seq - b.seq),
    );
  }

  /** Takes `session` out; true when another session of its device is still open. */
  remove(session: Session): boolean {
    const left = (this.byDevice.get(session.deviceId) ?? []).filter((s) => s !== session);
    if (left.length > 0) this.byDevice.set(session.deviceId, left);
    else this.byDevice.delete(session.deviceId);
    return left.length > 0;
  }

  current(deviceId: string): Session | undefined {
    return this.byDevice.get(deviceId)?.at(-1);
  }

  devices(): string[] {
    return [...this.byDevice.keys()];
  }
}
