#!/usr/bin/env node
// The `pioneira` command: runs the TypeScript CLI directly (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../apps/cli/src/main.ts');
