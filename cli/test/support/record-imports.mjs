// Preloaded with `node --import` to record every module specifier the process resolves through the
// ESM loader, into the file named by GTCX_RECORD_IMPORTS. ink is ESM only and is reached by import(),
// so a loaded ink always shows up here; @oclif/core (also import()ed) is the positive control.
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, { data: { file: process.env.GTCX_RECORD_IMPORTS } });
