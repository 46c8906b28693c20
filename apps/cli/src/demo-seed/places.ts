/**
 * Real places of greater São Paulo where the demo fleet loads and delivers, with addresses that
 * match their coordinates (WGS84, a few tens of metres at most from the entrance or the road).
 */
export interface Place {
  name: string;
  address: string;
  city: string;
  uf: string;
  cep: string;
  latitude: number;
  longitude: number;
}

/** Where the vans start and end their day. */
export const DEPOTS: readonly Place[] = [
  {
    name: 'CEAGESP',
    address: 'Av. Dr. Gastão Vidigal, 1946 – Vila Leopoldina',
    city: 'São Paulo',
    uf: 'SP',
    cep: '05316900',
    latitude: -23.5366,
    longitude: -46.7425,
  },
  {
    name: 'Terminal de Cargas do Aeroporto de Guarulhos',
    address: 'Rod. Hélio Smidt, s/n – Aeroporto Internacional de Guarulhos',
    city: 'Guarulhos',
    uf: 'SP',
    cep: '07190100',
    latitude: -23.4262,
    longitude: -46.4737,
  },
  {
    name: 'Centro de distribuição Rodoanel',
    address: 'Rodoanel Mário Covas, trevo da Rod. Castello Branco – Osasco',
    city: 'Osasco',
    uf: 'SP',
    cep: '06276000',
    latitude: -23.5083,
    longitude: -46.8158,
  },
  {
    name: 'Centro de distribuição Marginal Tietê',
    address: 'Av. Marginal do Rio Tietê, junto à Ponte da Casa Verde – Casa Verde',
    city: 'São Paulo',
    uf: 'SP',
    cep: '02512000',
    latitude: -23.5156,
    longitude: -46.6523,
  },
];

/** Customers and landmarks the vans deliver to. */
export const STOPS: readonly Place[] = [
  {
    name: 'Mercado Municipal',
    address: 'Rua da Cantareira, 306 – Centro',
    city: 'São Paulo',
    uf: 'SP',
    cep: '01024900',
    latitude: -23.5416,
    longitude: -46.6297,
  },
  {
    name: 'MASP',
    address: 'Av. Paulista, 1578 – Bela Vista',
    city: 'São Paulo',
    uf: 'SP',
    cep: '01310200',
    latitude: -23.5614,
    longitude: -46.6559,
  },
  {
    name: 'Terminal Rodoviário Tietê',
    address: 'Av. Cruzeiro do Sul, 1800 – Santana',
    city: 'São Paulo',
    uf: 'SP',
    cep: '02031000',
    latitude: -23.5163,
    longitude: -46.6253,
  },
  {
    name: 'Shopping Center Norte',
    address: 'Travessa Casalbuono, 120 – Vila Guilherme',
    city: 'São Paulo',
    uf: 'SP',
    cep: '02089900',
    latitude: -23.5126,
    longitude: -46.6166,
  },
  {
    name: 'Aeroporto de Congonhas',
    address: 'Av. Washington Luís, s/n – Vila Congonhas',
    city: 'São Paulo',
    uf: 'SP',
    cep: '04626911',
    latitude: -23.6267,
    longitude: -46.6554,
  },
  {
    name: 'Estação da Luz',
    address: 'Praça da Luz, 1 – Luz',
    city: 'São Paulo',
    uf: 'SP',
    cep: '01120010',
    latitude: -23.5349,
    longitude: -46.6354,
  },
  {
    name: 'Parque Ibirapuera (portão 3)',
    address: 'Av. Pedro Álvares Cabral, s/n – Vila Mariana',
    city: 'São Paulo',
    uf: 'SP',
    cep: '04094050',
    latitude: -23.5874,
    longitude: -46.6576,
  },
  {
    name: 'Shopping Eldorado',
    address: 'Av. Rebouças, 3970 – Pinheiros',
    city: 'São Paulo',
    uf: 'SP',
    cep: '05402600',
    latitude: -23.5727,
    longitude: -46.696,
  },
  {
    name: 'Osasco Plaza Shopping',
    address: 'Av. dos Autonomistas, 1828 – Vila Yara',
    city: 'Osasco',
    uf: 'SP',
    cep: '06020010',
    latitude: -23.5346,
    longitude: -46.7747,
  },
  {
    name: 'Internacional Shopping Guarulhos',
    address: 'Rod. Presidente Dutra, km 225 – Itapegica',
    city: 'Guarulhos',
    uf: 'SP',
    cep: '07034911',
    latitude: -23.4863,
    longitude: -46.5427,
  },
  {
    name: 'Praça da Sé',
    address: 'Praça da Sé, s/n – Sé',
    city: 'São Paulo',
    uf: 'SP',
    cep: '01001000',
    latitude: -23.5503,
    longitude: -46.6339,
  },
  {
    name: 'Mercado da Lapa',
    address: 'Rua Herbart, 47 – Lapa',
    city: 'São Paulo',
    uf: 'SP',
    cep: '05077050',
    latitude: -23.5226,
    longitude: -46.7042,
  },
];

/** Cities parcels travel to and from (name, UF, a CEP of the city centre, its distribution unit). */
export const PARCEL_CITIES: ReadonlyArray<{ city: string; uf: string; cep: string; facility: string }> = [
  {
    city: 'São Paulo',
    uf: 'SP',
    cep: '01310200',
    facility: 'CTE Vila Maria – Av. Morvan Dias de Figueiredo, 3477',
  },
  {
    city: 'Guarulhos',
    uf: 'SP',
    cep: '07190100',
    facility: 'Terminal de Cargas GRU – Rod. Hélio Smidt, s/n',
  },
  {
    city: 'Osasco',
    uf: 'SP',
    cep: '06020010',
    facility: 'CD Rodoanel – Rodoanel Mário Covas, trevo da Castello Branco',
  },
  { city: 'Campinas', uf: 'SP', cep: '13010111', facility: 'CTE Campinas – Rod. Santos Dumont, km 66' },
  {
    city: 'Rio de Janeiro',
    uf: 'RJ',
    cep: '20040002',
    facility: 'CTE Benfica – Rua Prefeito Olímpio de Melo, 1480',
  },
  {
    city: 'Belo Horizonte',
    uf: 'MG',
    cep: '30130010',
    facility: 'CTE Belo Horizonte – Av. Pres. Antônio Carlos, 7125',
  },
  { city: 'Curitiba', uf: 'PR', cep: '80010000', facility: 'CTE Curitiba – Rua Salgado Filho, 476' },
  { city: 'Porto Alegre', uf: 'RS', cep: '90010150', facility: 'CTE Porto Alegre – Av. Sertório, 1988' },
  { city: 'Salvador', uf: 'BA', cep: '40020000', facility: 'CTE Salvador – Av. Luís Viana Filho, 8812' },
  { city: 'Recife', uf: 'PE', cep: '50010000', facility: 'CTE Recife – Av. Gal. San Martin, 1000' },
];
