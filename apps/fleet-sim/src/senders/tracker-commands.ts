import { buildGt06Packet, encodeH02Answer, GT06, type H02ReportInput } from '@pioneira/protocols';
import type { TrackerSimProtocol } from './trackers';

/**
 * A server command found at the front of a tracker link's inbox: its length and the device's answer,
 * or `length: -1` while the command is still incomplete (wait for more bytes).
 */
export type TakenCommand = { length: number; text: string; answer: Buffer | null };
/** Finds a command at the front of `inbox`; undefined when what is there is not one (a reply). */
export type CommandReader = (inbox: Buffer) => TakenCommand | undefined;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * How a simulated GT06, H02, Suntech or Queclink device answers the commands the server writes on its
 * connection, as the real firmware does: GT06 a `0x15` string packet, H02 a `V4` confirmation echoing
 * the command's name and time with the last fix, Suntech `ST300CMD;Res;…` (or the universal `RES;…`),
 * Queclink `+ACK:GTOUT,…` echoing the command's serial. `outputs[0]` is the immobiliser relay the
 * block and unblock commands drive.
 */
export function trackerCommandReader(
  protocol: TrackerSimProtocol,
  identifier: string,
  outputs: number[],
  lastFix: () => H02ReportInput | undefined = () => undefined,
): CommandReader | undefined {
  let serial = 0;
  const nextSerial = () => (serial = (serial + 1) & 0xffff);
  if (protocol === 'gt06')
    return (inbox) => {
      if (inbox.length < 4 || inbox[0] !== 0x78 || inbox[1] !== 0x78 || inbox[3] !== 0x80) return undefined;
      const length = inbox[2]! + 5;
      if (inbox.length < length) return { length: -1, text: '', answer: null };
      // 0x80: command length (1), server flag (4), text, serial (2), CRC (2), 0D 0A.
      const flag = inbox.subarray(5, 9);
      const text = inbox.subarray(9, 5 + inbox[4]!).toString('latin1');
      const reply = gt06Answer(text, outputs);
      const body = Buffer.from(reply, 'latin1');
      const content = Buffer.concat([Buffer.from([4 + body.length]), flag, body, Buffer.from([0x00, 0x02])]);
      return { length, text, answer: buildGt06Packet(GT06.STRING_INFO, content, nextSerial()) };
    };
  if (protocol === 'h02')
    // The server never replies to an H02 device: whatever it writes is a command, up to its "#".
    return (inbox) => {
      const end = inbox.indexOf(0x23);
      if (end < 0) return { length: -1, text: '', answer: null };
      const text = inbox.subarray(0, end + 1).toString('latin1');
      return { length: end + 1, text, answer: h02Answer(text, identifier, outputs, lastFix()) };
    };
  if (protocol === 'suntech')
    // The server never replies to a Suntech device: whatever it writes is a command.
    return (inbox) => {
      const end = inbox.indexOf(0x0d);
      if (end < 0) return { length: -1, text: '', answer: null };
      const text = inbox.subarray(0, end).toString('latin1');
      return {
        length: end + 1,
        text,
        answer: Buffer.from(`${suntechAnswer(text, identifier, outputs)}\r`, 'latin1'),
      };
    };
  if (protocol === 'queclink') {
    // The server acknowledges our +ACK answers too: those +SACKs are taken here, never read as the
    // acknowledgement of a report.
    const answered = new Set<string>();
    return (inbox) => {
      const end = inbox.indexOf(0x24);
      const head = inbox.subarray(0, end < 0 ? inbox.length : end + 1).toString('latin1');
      if (answered.has(head)) {
        answered.delete(head);
        return { length: end + 1, text: head, answer: null };
      }
      if (!head.startsWith('AT+'.slice(0, head.length))) return undefined;
      if (end < 0) return { length: -1, text: '', answer: null };
      const count = nextSerial();
      const answer = queclinkAnswer(head, identifier, outputs, count);
      if (answer !== null)
        answered.add(`+SACK:${(count & 0xffff).toString(16).toUpperCase().padStart(4, '0')}$`);
      return { length: end + 1, text: head, answer: answer === null ? null : Buffer.from(answer, 'latin1') };
    };
  }
  return undefined;
}

function gt06Answer(text: string, outputs: number[]): string {
  const command = text.toUpperCase();
  if (command === 'RELAY,1#' || command.startsWith('DYD,')) {
    outputs[0] = 1;
    return 'Cut off the fuel supply: Success!';
  }
  if (command === 'RELAY,0#' || command.startsWith('HFYD,')) {
    outputs[0] = 0;
    return 'Restore fuel supply: Success!';
  }
  return 'Unknown command';
}

function h02Answer(
  text: string,
  identifier: string,
  outputs: number[],
  fix: H02ReportInput | undefined,
): Buffer | null {
  // *HQ,<id>,<CMD>,<HHMMSS>,<parameters…>#: a command for another id, or not one, is ignored.
  const fields = text.slice(1, -1).split(',');
  const [, id, name, time, ...parameters] = fields;
  if (!text.startsWith('*') || id !== identifier || !name || !time) return null;
  let result: string | undefined;
  if (name === 'S20') {
    // S20,<mode>,<1 cut | 0 restore>
    const cut = parameters[1];
    result = cut === '1' || cut === '0' ? 'DONE' : 'ERROR';
    if (cut === '1') outputs[0] = 1;
    if (cut === '0') outputs[0] = 0;
  }
  const at = fix ?? { fixedAt: new Date(), latitude: 0, longitude: 0, speedKmh: 0, course: 0 };
  return encodeH02Answer(identifier, { name, time, result }, { ...at, fixedAt: new Date() });
}

function suntechAnswer(text: string, identifier: string, outputs: number[]): string {
  const now = new Date();
  const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())};${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
  const universal = /^CMD;(\d+);(\d{2});(\d{2})$/.exec(text);
  if (universal) {
    if (universal[2] === '04') outputs[0] = universal[3] === '01' ? 1 : 0;
    return `RES;${identifier};${universal[2]};${universal[3]}`;
  }
  const fields = text.split(';');
  const action = fields[3] ?? '';
  if (action === 'Enable1') outputs[0] = 1;
  if (action === 'Disable1') outputs[0] = 0;
  return `ST300CMD;Res;${identifier};010;${action};${stamp}`;
}

function queclinkAnswer(text: string, imei: string, outputs: number[], count: number): string | null {
  const match = /^AT\+GT([A-Z]{3})=([^,]*),(.*)\$$/.exec(text);
  if (!match) return null;
  const [, name, , rest] = match;
  const fields = rest!.split(',');
  const serial = fields[fields.length - 1] ?? 'FFFF';
  if (name === 'OUT') outputs[0] = fields[0] === '1' ? 1 : 0;
  const now = new Date();
  const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const counter = (count & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  return `+ACK:GT${name},270B01,${imei},GV300,${serial},${stamp},${counter}$`;
}
