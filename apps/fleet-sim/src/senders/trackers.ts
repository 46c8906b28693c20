import {
  encodeGt06Location,
  encodeGt06Login,
  encodeGt06Status,
  encodeH02Text,
  encodeQueclinkFri,
  encodeSuntechStt,
} from '@pioneira/protocols';
import type { Transmit } from '../delivery-queue';
import type { Fix } from '../wire';
import { trackerCommandReader } from './tracker-commands';
import { type ReplyFrame, TrackerLink } from './tracker-link';

/** The tracker protocols the simulator speaks besides Teltonika. */
export type TrackerSimProtocol = 'gt06' | 'h02' | 'suntech' | 'queclink';

/**
 * The GT06 reply to a packet of `protocol` (78 78 <length> <protocol> … 0D 0A; acknowledgements are
 * 10 bytes). Any other server packet, or bytes that are no GT06 packet, are ignored with a problem.
 */
export const gt06Reply =
  (protocol: number): ReplyFrame =>
  (inbox) => {
    if (inbox.length === 0) return -1;
    if (inbox[0] !== 0x78 || (inbox.length > 1 && inbox[1] !== 0x78)) {
      const next = inbox.indexOf(GT06_START, 1);
      return { ignore: next < 0 ? inbox.length : next, problem: 'not a GT06 packet' };
    }
    if (inbox.length < 4) return -1;
    const length = inbox[2]! + 5;
    if (inbox.length < length) return -1;
    if (inbox[3] !== protocol)
      return {
        ignore: length,
        problem: `a GT06 packet 0x${inbox[3]!.toString(16)} where the reply 0x${protocol.toString(16)} was due`,
      };
    return length;
  };
const GT06_START = Buffer.from([0x78, 0x78]);
const untilDollar: ReplyFrame = (inbox) => {
  const end = inbox.indexOf(0x24);
  return end < 0 ? -1 : end + 1;
};

/**
 * A sender and its link for one simulated tracker. GT06 locations carry no acknowledgement: each batch
 * ends with a status packet, whose acknowledgement the server writes only after the locations before
 * it are committed. Queclink reports are acknowledged by `+SACK:<count>$`. H02 and Suntech have no
 * acknowledgement at all: a batch counts as delivered once written, as on a real device.
 */
export function trackerChannel(
  protocol: TrackerSimProtocol,
  identifier: string,
  host: string,
  port: number,
  onReconnect: () => void,
  onProblem?: (problem: string) => void,
): { link: TrackerLink; transmit: Transmit; outputs: number[] } {
  let serial = 0;
  const next = () => (serial = (serial + 1) & 0xffff);
  const greeting =
    protocol === 'gt06'
      ? () => ({ bytes: encodeGt06Login(identifier, next()), reply: gt06Reply(0x01) })
      : undefined;
  // The immobiliser relay the server's block and unblock commands drive.
  const outputs = [0];
  // The last fix reported: an H02 device repeats it in its answers to commands.
  let lastFix: Fix | undefined;
  const link = new TrackerLink(
    host,
    port,
    onReconnect,
    greeting,
    trackerCommandReader(protocol, identifier, outputs, () => lastFix),
    onProblem,
  );
  const encode = (fix: Fix): Buffer => {
    lastFix = fix;
    const input = { ...fix, odometer: fix.odometerMetres };
    if (protocol === 'gt06') return encodeGt06Location(input, next());
    if (protocol === 'h02') return encodeH02Text(identifier, input);
    if (protocol === 'suntech') return encodeSuntechStt(identifier, { ...input, serial: next() % 10_000 });
    return encodeQueclinkFri(identifier, { ...input, count: next() });
  };
  const transmit: Transmit = async (batch, signal) => {
    try {
      const packets = batch.map(encode);
      if (protocol === 'gt06') {
        const status = encodeGt06Status(batch[batch.length - 1]?.ignition ?? false, next());
        await link.exchange(Buffer.concat([...packets, status]), gt06Reply(0x13), signal);
      } else if (protocol === 'queclink') {
        // One report per exchange: its SACK names its count.
        const reply = await link.exchange(packets[0]!, untilDollar, signal);
        const sent = packets[0]!.toString('latin1');
        if (reply.toString('latin1') !== `+SACK:${sent.slice(sent.lastIndexOf(',') + 1)}`) {
          link.reset();
          return { kind: 'retry', reason: `unexpected reply ${reply.toString('latin1')}` };
        }
      } else {
        await link.exchange(Buffer.concat(packets), null, signal);
      }
      return { kind: 'acked' };
    } catch (error) {
      return { kind: 'retry', reason: (error as Error).message };
    }
  };
  return { link, transmit, outputs };
}
