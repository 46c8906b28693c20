import { UFS, type Uf } from '@pioneira/contracts/enums';
import { foldText } from './status';

export { UFS, type Uf };

const UF_SET = new Set<string>(UFS);

export const isUf = (value: string): value is Uf => UF_SET.has(value);

/** A CEP as its 8 digits ("01310-100" and "01310100" are the same), or null. */
export function parseCep(value: string): string | null {
  const m = /^(\d{5})-?(\d{3})$/.exec(value);
  return m ? m[1] + m[2] : null;
}

// Cities written without accents in carrier exports, restored to their proper spelling. Not
// exhaustive: the capitals and the largest cities, where a wrong spelling splits a chart.
const ACCENTED = [
  'São Paulo',
  'Brasília',
  'Goiânia',
  'Belém',
  'Maceió',
  'Florianópolis',
  'Vitória',
  'São Luís',
  'Cuiabá',
  'Macapá',
  'João Pessoa',
  'Ribeirão Preto',
  'São José dos Campos',
  'Jundiaí',
  'Niterói',
  'São Gonçalo',
  'Uberlândia',
  'Londrina',
  'Maringá',
  'Santo André',
  'São Bernardo do Campo',
  'Guarulhos',
  'Osasco',
  'Sorocaba',
  'Piracicaba',
  'Bauru',
  'Marília',
  'Petrópolis',
  'Anápolis',
  'Feira de Santana',
  'Vitória da Conquista',
  'Juazeiro do Norte',
  'Caruaru',
  'Itajaí',
  'Criciúma',
  'Chapecó',
  'Jaboatão dos Guararapes',
  'Ananindeua',
  'Santarém',
  'Macaé',
  'Taubaté',
  'São José do Rio Preto',
  'Cascavel',
  'Foz do Iguaçu',
  'Ponta Grossa',
  'Governador Valadares',
  'Ipatinga',
  'Montes Claros',
  'Divinópolis',
  'Sete Lagoas',
  'Contagem',
  'Betim',
  'Cotia',
  'Carapicuíba',
];
const ACCENTED_BY_KEY = new Map(ACCENTED.map((c) => [foldText(c), c]));
const LOWER_WORDS = new Set(['de', 'da', 'do', 'das', 'dos', 'e', 'd']);

const cities = new Map<string, string>();

/** A city name with single spaces, pt-BR title case and the accents of known cities ("SAO PAULO" → "São Paulo"). */
export function normalizeCity(value: string): string {
  const cached = cities.get(value);
  if (cached !== undefined) return cached;
  const collapsed = value.replace(/\s+/g, ' ').trim();
  const known = ACCENTED_BY_KEY.get(foldText(collapsed));
  const city =
    known ??
    collapsed
      .toLocaleLowerCase('pt-BR')
      .split(' ')
      .map((w, i) => (i > 0 && LOWER_WORDS.has(w) ? w : w.charAt(0).toLocaleUpperCase('pt-BR') + w.slice(1)))
      .join(' ');
  if (cities.size > 50_000) cities.clear();
  cities.set(value, city);
  return city;
}
