/** GT06 protocol numbers we decode (Concox GT06/GT06N/GT06E and compatibles). */
export const GT06 = {
  LOGIN: 0x01,
  GPS_LBS: 0x12,
  STATUS: 0x13,
  STRING_INFO: 0x15,
  ALARM: 0x16,
  GPS_LBS_EXTENDED: 0x22,
  HEARTBEAT: 0x23,
  ALARM_EXTENDED: 0x26,
  TIME_REQUEST: 0x8a,
  COMMAND_ANSWER: 0x21,
  SERVER_COMMAND: 0x80,
} as const;

/** Alarm byte of alarm packets → the alarm names OsmAnd and Traccar devices use. */
export const GT06_ALARMS: Record<number, string> = {
  1: 'sos',
  2: 'powerCut',
  3: 'vibration',
  4: 'geofenceEnter',
  5: 'geofenceExit',
  6: 'overspeed',
  9: 'movement',
};
