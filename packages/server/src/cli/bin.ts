#!/usr/bin/env node
import { loadCatalogue } from '../config/catalogue-file.js';
import { loadDotEnv } from '../config/config.js';
import { WEBFLOW_CATALOGUE } from '../oauth/webflow-catalogue.js';
import { helpInCatalogueWords } from './help-words.js';
import { buildProgram } from './program.js';
import { failWith, speakCatalogue } from './run-command.js';

/** The help speaks the configured catalogue's words; a file that cannot be used is reported by the command itself (exit 2). */
function configuredCatalogue() {
  try {
    loadDotEnv();
    return loadCatalogue(process.env.GATEHOUSE_CONFIG);
  } catch {
    return WEBFLOW_CATALOGUE;
  }
}

const catalogue = configuredCatalogue();
speakCatalogue(catalogue);
await helpInCatalogueWords(buildProgram(), catalogue).parseAsync(process.argv).catch(failWith);
