// CRC-16/IBM (ARC): polynomial 0x8005 reflected (0xA001), initial value 0, no final xor.
const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    table[byte] = crc;
  }
  return table;
}

/** CRC-16/IBM (a.k.a. ARC), the checksum of Teltonika AVL packets (over codec id … N2). */
export function crc16Ibm(buf: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < buf.length; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xff];
  return crc;
}
