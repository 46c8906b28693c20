/** Raw material for the synthetic fleet: Brazilian names, vehicles and places around São Paulo. */

export const FIRST_NAMES = [
  'João',
  'José',
  'Antônio',
  'Sebastião',
  'Conceição',
  'Luís',
  'Márcio',
  'Fábio',
  'Mônica',
  'Cláudia',
  'André',
  'Vinícius',
  'Letícia',
  'Patrícia',
  'Caio',
  'Rogério',
  'Sérgio',
  'Júlio',
  'Tânia',
  'Lúcia',
  'Raimundo',
  'Francisco',
  'Edson',
  'Cícero',
  'Benedito',
  'Ângela',
  'Inês',
  'Jéssica',
  'Marcos',
  'Otávio',
  'Flávio',
  'Mário',
  'Débora',
  'Érica',
  'Renê',
  'Wellington',
  'Gilmar',
  'Josué',
  'Adão',
  'Valdir',
] as const;

export const SURNAMES = [
  'Gonçalves',
  'Conceição',
  'Araújo',
  'Simões',
  'Magalhães',
  'Assunção',
  'Brandão',
  'Falcão',
  'Guimarães',
  'Galvão',
  'Camões',
  'Sá',
  'Lopes',
  'Ribeiro',
  'Nóbrega',
  'Monção',
  'Estêvão',
  'Leão',
  'Pereira',
  'Silva',
  'Souza',
  'Oliveira',
  'Fernandes',
  'Carvalho',
  'Rodrigues',
  'Nascimento',
  'Conceição Neto',
  'Damião',
  'Romão',
  'Bragança',
  'Ferraz',
  'Antunes',
  'Moraes',
  'Mendonça',
] as const;

export interface VehicleModel {
  make: string;
  model: string;
  assetTypeId: number;
  tankLitres: number;
  targetKmPerLitre: number;
}

export const VEHICLE_MODELS: readonly VehicleModel[] = [
  { make: 'Mercedes-Benz', model: 'Atego 2426', assetTypeId: 2, tankLitres: 300, targetKmPerLitre: 3.2 },
  { make: 'Mercedes-Benz', model: 'Accelo 1016', assetTypeId: 2, tankLitres: 150, targetKmPerLitre: 5.1 },
  { make: 'Mercedes-Benz', model: 'Actros 2651', assetTypeId: 3, tankLitres: 600, targetKmPerLitre: 2.3 },
  { make: 'Volvo', model: 'FH 540', assetTypeId: 3, tankLitres: 700, targetKmPerLitre: 2.4 },
  { make: 'Volvo', model: 'VM 270', assetTypeId: 2, tankLitres: 275, targetKmPerLitre: 3.4 },
  { make: 'Volkswagen', model: 'Delivery 11.180', assetTypeId: 2, tankLitres: 150, targetKmPerLitre: 4.8 },
  {
    make: 'Volkswagen',
    model: 'Constellation 24.280',
    assetTypeId: 2,
    tankLitres: 275,
    targetKmPerLitre: 3.1,
  },
  { make: 'Scania', model: 'R450', assetTypeId: 3, tankLitres: 680, targetKmPerLitre: 2.5 },
  { make: 'Scania', model: 'P320', assetTypeId: 2, tankLitres: 400, targetKmPerLitre: 3.0 },
  { make: 'Iveco', model: 'Daily 35-150', assetTypeId: 1, tankLitres: 90, targetKmPerLitre: 8.5 },
  { make: 'Fiat', model: 'Fiorino Endurance', assetTypeId: 1, tankLitres: 48, targetKmPerLitre: 11.5 },
  { make: 'Renault', model: 'Master Furgão', assetTypeId: 1, tankLitres: 80, targetKmPerLitre: 9.0 },
];

export const COLOURS = ['Branco', 'Prata', 'Azul', 'Vermelho', 'Cinza'] as const;

export interface SiteSeed {
  name: string;
  latitude: number;
  longitude: number;
}

/** Depots of the demo organisation; events happen within ~40 km of one of them. */
export const SITES: readonly SiteSeed[] = [
  { name: 'São Paulo - Matriz (Vila Leopoldina)', latitude: -23.5275, longitude: -46.7275 },
  { name: 'Guarulhos - Cumbica', latitude: -23.4356, longitude: -46.4731 },
  { name: 'Campinas - Distrito Industrial', latitude: -22.9329, longitude: -47.0739 },
  { name: 'Santos - Porto', latitude: -23.9608, longitude: -46.3336 },
];

/** Roads for FormattedAddress: the geocoded address MiX attaches to event positions. */
export const ROADS = [
  'Rod. Anhanguera, km 24, São Paulo - SP',
  'Rod. dos Bandeirantes, km 48, Cajamar - SP',
  'Rod. Presidente Dutra, km 225, Guarulhos - SP',
  'Rod. Ayrton Senna, km 19, Guarulhos - SP',
  'Rod. Anchieta, km 40, São Bernardo do Campo - SP',
  'Rod. dos Imigrantes, km 55, Cubatão - SP',
  'Rodoanel Mário Covas, km 12, Osasco - SP',
  'Marginal Tietê, Vila Guilherme, São Paulo - SP',
  'Av. dos Estados, Santo André - SP',
  'Av. Marginal Pinheiros, Jaguaré, São Paulo - SP',
  'Rod. Dom Pedro I, km 130, Campinas - SP',
  'Av. Conselheiro Nébias, Santos - SP',
] as const;
