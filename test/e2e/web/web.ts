import { fileURLToPath } from 'node:url';
import {
  ensureBuild as ensureBuildIn,
  freePort,
  startWeb as startWebIn,
  type WebServer,
} from '@pioneira/devstack';

const WEB_DIR = fileURLToPath(new URL('../../../apps/web', import.meta.url));

export { freePort, type WebServer };

/** Builds this web app unless an up-to-date build exists (once, even across parallel test files). */
export const ensureBuild = () => ensureBuildIn(WEB_DIR);

/** Serves this web app's production build on 127.0.0.1 with /api proxied to `apiUrl`. */
export const startWeb = (options: { port?: number; apiUrl: string }): Promise<WebServer> =>
  startWebIn({ webDir: WEB_DIR, ...options });
