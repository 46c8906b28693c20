/**
 * The organisation's event-type catalogue ("library events"), in Portuguese as Brazilian fleets
 * rename them, with what the generator needs to make plausible events of each type.
 */

/** How the generator fills Value/SpeedLimit/TotalTimeSeconds for an event type. */
export type ValueKind = 'speeding' | 'acceleration' | 'duration' | 'none';

export interface LibraryEventSeed {
  description: string;
  eventType: string;
  category: 'Detail' | 'Summary' | 'Notify' | 'System' | 'Diagnostic';
  valueKind: ValueKind;
  displayUnits?: string;
  formatType?: string;
  valueName?: string;
  /** Whether a fleet manager would count it against the driver (for demo realism only). */
  infractionLike: boolean;
  /** Relative frequency in generated traffic. */
  weight: number;
}

export const LIBRARY_EVENT_SEEDS: readonly LibraryEventSeed[] = [
  {
    description: 'Excesso de velocidade',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'speeding',
    displayUnits: 'km/h',
    formatType: 'Speed',
    valueName: 'Velocidade máxima',
    infractionLike: true,
    weight: 14,
  },
  {
    description: 'Excesso de velocidade em via molhada',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'speeding',
    displayUnits: 'km/h',
    formatType: 'Speed',
    valueName: 'Velocidade máxima',
    infractionLike: true,
    weight: 2,
  },
  {
    description: 'Frenagem brusca',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'acceleration',
    displayUnits: 'km/h/s',
    formatType: 'Acceleration',
    valueName: 'Desaceleração',
    infractionLike: true,
    weight: 10,
  },
  {
    description: 'Aceleração brusca',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'acceleration',
    displayUnits: 'km/h/s',
    formatType: 'Acceleration',
    valueName: 'Aceleração',
    infractionLike: true,
    weight: 8,
  },
  {
    description: 'Curva brusca',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'acceleration',
    displayUnits: 'g',
    formatType: 'Acceleration',
    valueName: 'Força lateral',
    infractionLike: true,
    weight: 5,
  },
  {
    description: 'Marcha lenta excessiva',
    eventType: 'Standard',
    category: 'Summary',
    valueKind: 'duration',
    displayUnits: 's',
    formatType: 'Duration',
    valueName: 'Tempo em marcha lenta',
    infractionLike: true,
    weight: 6,
  },
  {
    description: 'Condução sem cinto de segurança',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'duration',
    displayUnits: 's',
    formatType: 'Duration',
    valueName: 'Duração',
    infractionLike: true,
    weight: 3,
  },
  {
    description: 'Uso de celular ao volante',
    eventType: 'MiX Vision',
    category: 'Notify',
    valueKind: 'none',
    infractionLike: true,
    weight: 2,
  },
  {
    description: 'Fadiga / sonolência ao volante',
    eventType: 'MiX Vision',
    category: 'Notify',
    valueKind: 'none',
    infractionLike: true,
    weight: 1,
  },
  {
    description: 'Rotação do motor acima da faixa verde',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'duration',
    displayUnits: 's',
    formatType: 'Duration',
    valueName: 'Duração',
    infractionLike: true,
    weight: 4,
  },
  {
    description: 'Condução fora do horário permitido',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'duration',
    displayUnits: 's',
    formatType: 'Duration',
    valueName: 'Duração',
    infractionLike: true,
    weight: 1,
  },
  {
    description: 'Ignição ligada',
    eventType: 'Standard',
    category: 'System',
    valueKind: 'none',
    infractionLike: false,
    weight: 9,
  },
  {
    description: 'Ignição desligada',
    eventType: 'Standard',
    category: 'System',
    valueKind: 'none',
    infractionLike: false,
    weight: 9,
  },
  {
    description: 'Início de viagem',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'none',
    infractionLike: false,
    weight: 6,
  },
  {
    description: 'Fim de viagem',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'none',
    infractionLike: false,
    weight: 6,
  },
  {
    description: 'Motorista identificado',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'none',
    infractionLike: false,
    weight: 3,
  },
  {
    description: 'Entrada em área de cliente',
    eventType: 'Location',
    category: 'Detail',
    valueKind: 'none',
    infractionLike: false,
    weight: 3,
  },
  {
    description: 'Saída de área de cliente',
    eventType: 'Location',
    category: 'Detail',
    valueKind: 'none',
    infractionLike: false,
    weight: 3,
  },
  {
    description: 'Abertura de porta do baú',
    eventType: 'Standard',
    category: 'Detail',
    valueKind: 'none',
    infractionLike: false,
    weight: 2,
  },
  {
    description: 'Botão de pânico',
    eventType: 'Standard',
    category: 'Notify',
    valueKind: 'none',
    infractionLike: false,
    weight: 0.2,
  },
  {
    description: 'Unidade OBC reiniciada',
    eventType: 'Diagnostic',
    category: 'Diagnostic',
    valueKind: 'none',
    infractionLike: false,
    weight: 0.5,
  },
  {
    description: 'Firmware version changed',
    eventType: 'Diagnostic',
    category: 'Diagnostic',
    valueKind: 'none',
    infractionLike: false,
    weight: 0.2,
  },
  {
    description: 'Alimentação externa desconectada',
    eventType: 'Diagnostic',
    category: 'Diagnostic',
    valueKind: 'none',
    infractionLike: false,
    weight: 0.3,
  },
];
