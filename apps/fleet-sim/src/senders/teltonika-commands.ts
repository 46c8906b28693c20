import { crc16Ibm, encodeCodec12Response } from '@pioneira/protocols';

const HEADER = 8;
const CODEC_12 = 0x0c;

/**
 * How a simulated FMB answers a Codec 12 command: `setdigout` drives its outputs and reports them
 * (`DOUT1:1 DOUT2:0`), the read-only commands answer plausibly, anything else as the firmware does.
 */
export function answerCommand(text: string, outputs: number[]): string {
  const [name, states = ''] = text.trim().split(/\s+/);
  switch (name) {
    case 'setdigout': {
      if (!/^[01?]{1,2}$/.test(states)) return 'Bad syntax';
      [...states].forEach((state, i) => {
        if (state !== '?') outputs[i] = Number(state);
      });
      return outputs.map((value, i) => `DOUT${i + 1}:${value}`).join(' ');
    }
    case 'getinfo':
      return `INI:${new Date().toISOString().slice(0, 16)} ERR:0 SR:0 OUT:${outputs.join('')}`;
    case 'getver':
      return 'Ver:03.28.07_04 GPS:AXN_5.10 Hw:FMB920 Mod:13';
    case 'getgps':
      return 'GPS:1 Sat:9';
    default:
      return 'Unknown command';
  }
}

/**
 * Takes every complete Codec 12 command off the front of `inbox` (the server writes them between its
 * ACKs) and returns their texts with what is left. A 4-byte ACK of zero alone is not taken for one.
 */
export function takeCommands(inbox: Buffer): { texts: string[]; rest: Buffer } {
  const texts: string[] = [];
  let rest = inbox;
  while (rest.length >= HEADER + 1 && rest.readUInt32BE(0) === 0 && rest[HEADER] === CODEC_12) {
    const total = HEADER + rest.readUInt32BE(4) + 4;
    if (rest.length < total) break;
    const data = rest.subarray(HEADER, total - 4);
    if (crc16Ibm(data) === rest.readUInt32BE(total - 4) && data[2] === 0x05)
      texts.push(data.subarray(7, 7 + data.readUInt32BE(3)).toString('latin1'));
    rest = rest.subarray(total);
  }
  return { texts, rest };
}

/** The device's answer packet. */
export const commandAnswer = (text: string, outputs: number[]) =>
  encodeCodec12Response(answerCommand(text, outputs));
