/**
 * Words and sequences at the heart of the passwords that top every published breach statistic,
 * in English and Brazilian Portuguese, compiled for this project. A password is refused when,
 * once lower-cased, de-leeted and stripped of digits and symbols, what is left is one of these (or
 * nothing much): `Password2024!`, `P@ssw0rd1234` and `Senha@12345` all reduce to a word below.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  `
password passwort passw pass pw passwd secret letmein welcome hello hi login admin administrator
root master super superman batman spiderman ironman wonderwoman user guest test tester testing demo
default changeme change access monkey dragon shadow sunshine princess prince queen king qwerty
qwertyuiop qwertz azerty asdf asdfgh asdfghjkl zxcvbnm zxcvbn qazwsx qaz wsx edc zaq xsw
iloveyou iloveu loveyou love lover loving baby babygirl angel angels football soccer baseball
basketball hockey golf tennis michael jordan jennifer michelle jessica ashley daniel thomas robert
charlie george harley hunter ranger buster tigger tiger lion killer pepper ginger cookie cheese
chocolate summer winter spring autumn flower flowers purple orange yellow silver golden matrix
starwars pokemon naruto minecraft google facebook instagram youtube twitter whatever freedom
trustno nothing something computer internet samsung apple iphone android windows linux ubuntu
mustang ferrari porsche mercedes corvette jordan michael hannah maggie jasmine lovely beautiful
family forever friends friend happy lucky money bitcoin crypto secure security private hacker
abc abcd abcde abcdef abcdefg abcdefgh abcdefghij abcdefghijklmnopqrstuvwxyz qwe qwer qwert
senha senhas minhasenha suasenha senhaforte mudar mudarsenha trocar acesso entrar bemvindo
bemvinda ola teste testes usuario administrador brasil brazil saopaulo riodejaneiro rio bahia
flamengo corinthians palmeiras santos gremio internacional vasco botafogo fluminense cruzeiro
atletico sport timao mengao amor amorzinho amormeu meuamor teamo teamoamor princesa gatinha gatinho
jesus deus deusefiel jesuscristo cristo familia felicidade saudade futebol carnaval brasileiro
maria joao jose ana pedro paulo lucas gabriel rafael carlos fernanda juliana amanda beatriz
mariana camila bruna leticia larissa patricia vitoria luiza eduardo matheus gustavo felipe
empresa pioneira frota veiculo motorista
`
    .trim()
    .split(/\s+/),
);

/** Keyboard and counting runs: a password inside one of these is a walk, not a secret. */
export const SEQUENCES: readonly string[] = [
  '1234567890',
  '0987654321',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'abcdefghijklmnopqrstuvwxyz',
  '1q2w3e4r5t6y7u8i9o0p',
  '1qaz2wsx3edc4rfv5tgb',
  'zaq12wsxcde34rfvbgt5',
  'q1w2e3r4t5y6u7i8o9p0',
  'a1b2c3d4e5f6g7h8i9j0',
  '!@#$%^&*()',
];
