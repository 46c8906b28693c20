export { CHROMIUM_ARGS, launchBrowser } from './browser';
export { ensureBuild, freePort, startWeb, type WebServer } from './web';
